/* Device check: camera preview, microphone level (WebAudio), upload speed (openhire). */
(function () {
  "use strict";
  var root = document.getElementById("devicecheck");
  if (!root) return;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  function mark(id, ok, text) {
    var el = document.getElementById(id);
    el.textContent = text || (ok ? el.dataset.ok : el.dataset.fail);
    el.className = ok ? "ok" : "bad";
  }
  function denied() {
    document.getElementById("denied").hidden = false;
    document.getElementById("fallbacks").open = true; // typed answers, another browser, a person
  }
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
    mark("chk-camera", false); mark("chk-mic", false); denied();
  } else {
    navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: "user" } }).then(function (stream) {
      document.getElementById("preview").srcObject = stream;
      mark("chk-camera", stream.getVideoTracks().length > 0);
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!stream.getVideoTracks().length) denied();
      if (!Ctx || !stream.getAudioTracks().length) { mark("chk-mic", false); denied(); return; }
      var ctx = new Ctx(); var src = ctx.createMediaStreamSource(stream); var an = ctx.createAnalyser();
      an.fftSize = 512; src.connect(an);
      var data = new Uint8Array(an.fftSize); var bar = document.getElementById("level");
      mark("chk-mic", true);
      (function loop() {
        an.getByteTimeDomainData(data);
        var peak = 0; for (var i = 0; i < data.length; i++) peak = Math.max(peak, Math.abs(data[i] - 128));
        bar.style.width = Math.min(100, peak / 1.28 * 1.5) + "%";
        requestAnimationFrame(loop);
      })();
    }, function () { mark("chk-camera", false); mark("chk-mic", false); denied(); });
  }
  var payload = new Uint8Array(512 * 1024);
  if (window.crypto && crypto.getRandomValues) for (var o = 0; o < payload.length; o += 65536) crypto.getRandomValues(payload.subarray(o, o + 65536));
  var t0 = performance.now();
  fetch(root.dataset.speedUrl, { method: "POST", body: payload, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error();
      var secs = (performance.now() - t0) / 1000; var mbps = (payload.length * 8 / 1e6) / secs;
      var el = document.getElementById("chk-net");
      mark("chk-net", true, el.dataset.ok + ": " + mbps.toFixed(1) + " Mbit/s");
      if (mbps < 1) { el.textContent += " — " + el.dataset.slow; el.className = "warn"; }
    }).catch(function () { mark("chk-net", false); });
})();
