// The clause chooser of the document editor (policies/clause_chooser.py).
// Without this script every clause family is a plain <details> of checkboxes.
// With it: a filter that hides what does not match and opens the families that
// do; ticking an item of documented information ticks its clause (unticking a
// clause unticks its items, which would map it again on saving); and a summary
// line of what is chosen.
(function () {
    "use strict";
    // A clause number, whole or being typed: 8, 8.3, 8.3.
    var NUMBER = /^\d+(\.\d+)*\.?$/;

    function words(text) {
        return text.toLowerCase().split(/\s+/).filter(Boolean);
    }

    // "8.3" finds 8.3 and the clauses under it (8.3.3), not 8.30.
    function numberMatches(number, word) {
        var stem = word.charAt(word.length - 1) === "." ? word : word + ".";
        return number === word || number.indexOf(stem) === 0;
    }

    function matches(query, terms, number) {
        return query.every(function (word) {
            return NUMBER.test(word)
                ? numberMatches(number, word)
                : terms.indexOf(word) !== -1;
        });
    }

    function plural(count, one, many) {
        return count + " " + (count === 1 ? one : many);
    }

    function setUp(chooser) {
        var filterBox = chooser.querySelector("[data-clause-chooser-filter]");
        var input = filterBox.querySelector("input");
        var matchesLine = chooser.querySelector("[data-clause-chooser-matches]");
        var summaryLine = chooser.querySelector("[data-clause-chooser-summary]");
        var families = Array.prototype.slice.call(
            chooser.querySelectorAll("[data-clause-chooser-family]")
        );
        var openBefore = null; // which families were open before filtering

        function each(root, selector, fn) {
            Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
        }

        function holdsChoice(family) {
            return family.querySelector("input:checked") !== null;
        }

        function filter() {
            var query = words(input.value);
            var clauses = 0;
            var items = 0;
            if (query.length && openBefore === null) {
                openBefore = families.map(function (family) {
                    return family.open;
                });
            }
            families.forEach(function (family, index) {
                var shown = false;
                each(family, "[data-clause-chooser-clause]", function (clause) {
                    var number = clause.dataset.number;
                    var terms = clause.dataset.terms;
                    var itemShown = false;
                    each(clause, "[data-clause-chooser-item]", function (item) {
                        var show =
                            !query.length ||
                            matches(query, item.dataset.terms + " " + terms, number);
                        item.hidden = !show;
                        if (show) {
                            itemShown = true;
                            items += 1;
                        }
                    });
                    var show = !query.length || itemShown || matches(query, terms, number);
                    clause.hidden = !show;
                    if (show) {
                        shown = true;
                        clauses += 1;
                    }
                });
                family.hidden = !shown;
                if (query.length) {
                    family.open = shown;
                } else if (openBefore !== null) {
                    family.open = openBefore[index] || holdsChoice(family);
                }
            });
            if (!query.length) {
                openBefore = null;
                matchesLine.textContent = "";
            } else if (!clauses) {
                matchesLine.textContent = "Nothing matches “" + input.value.trim() + "”.";
            } else {
                matchesLine.textContent =
                    plural(clauses, "clause", "clauses") +
                    " and " +
                    plural(items, "item", "items") +
                    " of documented information match.";
            }
        }

        // The same wording as policies.clause_chooser.summary.
        function summarise() {
            var clauses = [];
            var items = [];
            each(chooser, 'input[name="clauses"]:checked', function (box) {
                clauses.push(box.closest("[data-clause-chooser-clause]").dataset.number);
            });
            each(chooser, 'input[name="required_items"]:checked', function (box) {
                var label = box.parentNode.querySelector("[data-clause-chooser-label]");
                items.push(label.textContent.trim());
            });
            if (!clauses.length && !items.length) {
                summaryLine.textContent = "Nothing chosen yet.";
                return;
            }
            var parts = [
                clauses.length
                    ? (clauses.length > 1 ? "clauses " : "clause ") + clauses.join(", ")
                    : "no clause",
            ];
            if (items.length) {
                parts.push("documented information " + items.join(", "));
            }
            summaryLine.textContent = "Chosen: " + parts.join("; ") + ".";
        }

        function countChoices() {
            families.forEach(function (family) {
                var count = family.querySelectorAll("input:checked").length;
                family.querySelector("[data-clause-chooser-count]").textContent = count
                    ? count + " chosen"
                    : "";
            });
        }

        chooser.addEventListener("change", function (event) {
            var box = event.target;
            if (box.name === "required_items" && box.checked) {
                document.getElementById(box.dataset.clause).checked = true;
            } else if (box.name === "clauses" && !box.checked) {
                each(
                    box.closest("[data-clause-chooser-clause]"),
                    'input[name="required_items"]',
                    function (item) {
                        item.checked = false;
                    }
                );
            }
            summarise();
            countChoices();
        });
        input.addEventListener("input", filter);
        input.addEventListener("keydown", function (event) {
            // Enter must not send the page's form; Escape clears the filter.
            if (event.key === "Enter") {
                event.preventDefault();
            } else if (event.key === "Escape" && input.value) {
                event.preventDefault();
                event.stopPropagation();
                input.value = "";
                filter();
            }
        });
        filterBox.hidden = false;
        summarise();
        countChoices();
    }

    function setUpAll() {
        Array.prototype.forEach.call(
            document.querySelectorAll("[data-clause-chooser]"),
            setUp
        );
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
})();
