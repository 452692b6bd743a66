(function () {
  var table = document.getElementById("summary");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var filter = "ALL";
  function apply() {
    var needle = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var visible = (filter === "ALL" || row.getAttribute("data-verdict") === filter) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !visible;
      if (visible) { n += 1; }
    });
    shown.textContent = "显示 " + n + " / " + rows.length;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (button) {
    button.addEventListener("click", function () {
      filter = button.getAttribute("data-filter");
      Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      apply();
    });
  });
  search.addEventListener("input", apply);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    if (!th.classList.contains("sortable")) { return; }
    th.setAttribute("tabindex", "0");
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort") || "";
        var y = b.cells[column].getAttribute("data-sort") || "";
        var d = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
        return ascending ? d : -d;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
  apply();
})();
