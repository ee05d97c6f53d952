// The filing form: choosing a kind of record selects its clause among the
// record's clauses (the clause the kind was chosen under goes, unless the person
// chose it themselves). Without JavaScript the server uses the kind's clause when
// no clause is chosen.
document.addEventListener("DOMContentLoaded", function () {
    var kind = document.getElementById("id_kind");
    var clauses = document.getElementById("id_clauses");
    if (!kind || !clauses) {
        return;
    }
    function clauseOption(select) {
        var chosen = select.options[select.selectedIndex];
        var number = chosen ? chosen.getAttribute("data-clause") : null;
        if (!number) {
            return null;
        }
        for (var i = 0; i < clauses.options.length; i++) {
            if (clauses.options[i].value === number) {
                return clauses.options[i];
            }
        }
        return null;
    }
    var automatic = null;
    var first = clauseOption(kind);
    if (first && !clauses.querySelector("option:checked")) {
        first.selected = true;
        automatic = first;
    }
    kind.addEventListener("change", function () {
        if (automatic) {
            automatic.selected = false;
            automatic = null;
        }
        var option = clauseOption(kind);
        if (option && !option.selected) {
            option.selected = true;
            automatic = option;
        }
    });
});
