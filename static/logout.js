// Goes on to the client once every front-channel logout frame has loaded (or after 5 s);
// without JavaScript the visible link does the same.
(function () {
  var next = document.getElementById("logout-continue");
  if (!next) { return; }
  var frames = document.querySelectorAll("iframe.logout-frame");
  var waiting = frames.length;
  var go = function () { window.location.assign(next.href); };
  if (waiting === 0) { go(); return; }
  frames.forEach(function (frame) {
    frame.addEventListener("load", function () { waiting -= 1; if (waiting === 0) { go(); } });
  });
  window.setTimeout(go, 5000);
})();
