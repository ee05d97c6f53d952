// The editor's Guidance tab is filled when it is first opened: its suggestions
// take a search of the whole library, which the edit form should not wait for.
(function () {
  "use strict";

  function load(container) {
    if (container.dataset.loaded) {
      return;
    }
    container.dataset.loaded = "true";
    fetch(container.dataset.guidanceUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        container.innerHTML = html;
      })
      .catch(function () {
        container.querySelector("[data-guidance-status]").textContent =
          "The guidance could not be loaded: reload the page to try again.";
      });
  }

  document.querySelectorAll("[data-guidance-url]").forEach(function (container) {
    var panel = container.closest('[role="tabpanel"]');
    if (!panel || !panel.hidden) {
      load(container);
      return;
    }
    new MutationObserver(function (changes, observer) {
      if (!panel.hidden) {
        observer.disconnect();
        load(container);
      }
    }).observe(panel, { attributes: true, attributeFilter: ["hidden"] });
  });
})();
