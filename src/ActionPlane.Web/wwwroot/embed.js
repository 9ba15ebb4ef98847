// ActionPlane nudge panel for a host SaaS app. Include once where the panel should appear:
//   <div id="actionplane-nudges"></div>
//   <script src="https://actionplane.example.com/embed.js" data-target="#actionplane-nudges" async></script>
// It inserts an iframe of /embed/nudges for the end user signed in to ActionPlane. The iframe is
// sandboxed to what the Blazor page needs (scripts, same-origin calls, forms for sign-in).
(function () {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var target = document.querySelector(script.getAttribute("data-target") || "#actionplane-nudges");
  if (!target) {
    target = document.createElement("div");
    script.parentNode.insertBefore(target, script);
  }
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/nudges";
  frame.title = "Tips for you";
  frame.setAttribute("data-actionplane", "nudges");
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms");
  frame.style.border = "0";
  frame.style.width = script.getAttribute("data-width") || "100%";
  frame.style.height = script.getAttribute("data-height") || "420px";
  target.appendChild(frame);
})();
