// The main navigation folds into a "Menu" button on narrow screens. Loaded in the
// head (small, same origin) so that the folded state applies before first paint;
// without JavaScript the navigation simply wraps.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".site-nav__toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) {
        return;
    }
    toggle.hidden = false;
    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("site-nav--open", open);
    }
    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            toggle.focus();
        }
    });
});
