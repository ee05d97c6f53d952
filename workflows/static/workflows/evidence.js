// /evidence/: while a pack is queued or running, ask /evidence/status/ every two
// seconds and update its status, progress bar and download link. Without
// JavaScript the "Refresh" link does the same.
document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("evidence-packs");
    if (!list || !window.fetch) {
        return;
    }
    var url = list.getAttribute("data-status-url");

    function pending() {
        return list.querySelectorAll('[data-status="queued"], [data-status="running"]').length > 0;
    }

    function update(pack) {
        var row = document.getElementById("pack-" + pack.id);
        if (!row) {
            return;
        }
        row.setAttribute("data-status", pack.status);
        var status = row.querySelector(".evidence-pack__status");
        var bar = row.querySelector("progress");
        var link = row.querySelector(".evidence-pack__download");
        if (status) {
            status.textContent = pack.status_display;
        }
        if (bar) {
            bar.max = Math.max(pack.total, 1);
            bar.value = pack.done;
            bar.textContent = pack.done + " of " + pack.total;
        }
        if (link && pack.download) {
            link.href = pack.download;
            link.hidden = false;
        }
    }

    function poll() {
        if (!pending()) {
            return;
        }
        fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : {packs: []}; })
            .then(function (data) { data.packs.forEach(update); })
            .catch(function () {})
            .then(function () { window.setTimeout(poll, 2000); });
    }

    window.setTimeout(poll, 1000);
});
