// Sort the overview matrix by a column: a district by name, an indicator worst first.
document.querySelectorAll("#matrix th.sortable").forEach(function (th, column) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], up = th.dataset.dir !== "up";
    var key = function (tr) { var c = tr.children[column]; return th.dataset.kind === "rank" ? +c.dataset.rank : c.textContent.trim(); };
    Array.from(body.rows).sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); })
      .forEach(function (tr) { body.appendChild(tr); });
    th.dataset.dir = up ? "up" : "down";
  });
});
