// Kanban: drag a card onto another column to move it (htmx posts the move and swaps the board).
(function () {
  var board = document.getElementById("board");
  if (!board) return;
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest("[data-app]");
    if (card) { e.dataTransfer.setData("text/plain", card.dataset.app); card.classList.add("dragging"); }
  });
  board.addEventListener("dragend", function (e) {
    var card = e.target.closest && e.target.closest("[data-app]");
    if (card) card.classList.remove("dragging");
  });
  board.addEventListener("dragover", function (e) {
    var col = e.target.closest && e.target.closest(".kcol");
    if (col) { e.preventDefault(); col.classList.add("over"); }
  });
  board.addEventListener("dragleave", function (e) {
    var col = e.target.closest && e.target.closest(".kcol");
    if (col) col.classList.remove("over");
  });
  board.addEventListener("drop", function (e) {
    var col = e.target.closest && e.target.closest(".kcol");
    if (!col) return;
    e.preventDefault();
    col.classList.remove("over");
    var id = e.dataTransfer.getData("text/plain");
    if (!id) return;
    var reason = "";
    if (col.dataset.reason === "1") {
      reason = window.prompt(board.dataset.reasonPrompt || "Reason:") || "";
      if (!reason.trim()) return;
    }
    var form = document.getElementById("bulk");
    var values = {application: id, stage: col.dataset.stage, reason: reason};
    ["min_score", "min_ai_score", "tag", "source", "min_days", "stalled"].forEach(function (name) {
      var input = form && form.querySelector("input[name='" + name + "']");
      if (input) values[name] = input.value;
    });
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    htmx.ajax("POST", board.dataset.moveUrl, {target: "#board", swap: "innerHTML", values: values, headers: headers});
  });
})();
