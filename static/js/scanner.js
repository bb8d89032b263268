// The door's scanner (attendance/scan.html): the phone's camera, or a photo of the card, read by
// @zxing/browser (vendored under static/vendor/zxing); the QR code's text (the card's signed
// token) goes into the check-in form, which HTMX posts. The server decides everything: this only
// reads the code. The same card held in front of the camera is sent once, not once a frame.
(function () {
  "use strict";
  var REPEAT_MS = 10000;  // a card held in front of the camera for a while is sent once

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var form = document.getElementById("checkin-form");
    if (!form || !window.ZXingBrowser) return;
    var video = document.getElementById("scanner-video");
    var start = document.getElementById("scanner-start");
    var stop = document.getElementById("scanner-stop");
    var file = document.getElementById("scanner-file");
    var status = document.getElementById("scanner-status");
    var token = form.querySelector("input[name=token]");
    var code = form.querySelector("input[name=code]");
    var reader = new window.ZXingBrowser.BrowserQRCodeReader();
    var controls = null;
    var last = { text: "", at: 0 };

    function say(key) { status.textContent = status.dataset[key] || ""; }

    function send(text) {
      var now = Date.now();
      if (text === last.text && now - last.at < REPEAT_MS) return;
      last = { text: text, at: now };
      token.value = text;
      code.value = "";
      form.requestSubmit();
    }

    form.addEventListener("htmx:afterRequest", function () {
      token.value = "";
      if (document.getElementById("checkin-ok")) code.value = "";
      ["scan-counts", "recent-box"].forEach(function (id) {
        var box = document.getElementById(id);
        if (box && window.htmx) window.htmx.trigger(box, "refresh");
      });
      if (!controls) code.focus();
    });

    function stopCamera() {
      if (controls) controls.stop();
      controls = null;
      start.hidden = false;
      stop.hidden = true;
    }

    start.addEventListener("click", function () {
      say("ready");
      reader
        .decodeFromConstraints({ video: { facingMode: "environment" } }, video, function (result) {
          if (result) send(result.getText());
        })
        .then(function (c) {
          controls = c;
          start.hidden = true;
          stop.hidden = false;
        })
        .catch(function () { say("noCamera"); stopCamera(); });
    });
    stop.addEventListener("click", function () { stopCamera(); status.textContent = ""; });

    file.addEventListener("change", function () {
      var picked = file.files && file.files[0];
      if (!picked) return;
      say("reading");
      // A data: address, not a blob: one: the Content-Security-Policy allows images from this
      // site and data: only.
      var loader = new FileReader();
      loader.onerror = function () { say("unreadable"); file.value = ""; };
      loader.onload = function () {
        reader
          .decodeFromImageUrl(loader.result)
          .then(function (result) { status.textContent = ""; last.text = ""; send(result.getText()); })
          .catch(function () { say("unreadable"); })
          .finally(function () { file.value = ""; });
      };
      loader.readAsDataURL(picked);
    });
  });
})();
