(function () {
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && location.hash.indexOf("#page-") === 0) { location.hash = "close"; }
  });
  var button = document.getElementById("copy-notice");
  var text = document.getElementById("notice-text");
  var status = document.getElementById("copy-status");
  if (!button || !text) { return; }
  function done(message) { status.textContent = message; }
  function fallback() {
    text.focus();
    text.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok ? "已复制" : "已选中全文，请按 Ctrl+C 复制");
  }
  button.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text.value).then(function () { done("已复制"); }, fallback);
    } else {
      fallback();
    }
  });
})();
