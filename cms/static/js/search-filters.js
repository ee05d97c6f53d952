// Search filters apply as soon as one changes: the form is sent again with the
// new value (the Search button still does it without JavaScript). Focus returns
// to the filter that was changed, so a keyboard user carries on from there.
(function () {
    "use strict";
    var KEY = "search-filter-focus";
    var form = document.querySelector("form.search-form");
    if (!form) {
        return;
    }
    var hint = form.querySelector(".search-form__live");
    if (hint) {
        hint.hidden = false;
    }
    var selects = form.querySelectorAll("select");
    Array.prototype.forEach.call(selects, function (select) {
        select.addEventListener("change", function () {
            try {
                window.sessionStorage.setItem(KEY, select.id);
            } catch (error) {
                // Storage refused (private mode): focus simply stays at the top.
            }
            if (form.requestSubmit) {
                form.requestSubmit();
            } else {
                form.submit();
            }
        });
    });
    try {
        var id = window.sessionStorage.getItem(KEY);
        window.sessionStorage.removeItem(KEY);
        var changed = id && document.getElementById(id);
        if (changed && form.contains(changed)) {
            changed.focus({ preventScroll: true });
        }
    } catch (error) {
        // As above.
    }
})();
