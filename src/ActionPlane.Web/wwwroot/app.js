// Small browser helpers the Blazor pages call through JS interop (window.actionPlane.*).
window.actionPlane = {
  // Brings a panel into view when its top is off screen or near the bottom (e.g. the CSM's proposals,
  // which sit below the accounts table under 1280 px): left alone when already in view, so a wide
  // screen does not jump. CSS scroll-margin-top keeps it clear of the fixed app bar.
  scrollIntoViewIfNeeded: function (element) {
    if (!element) return;
    var top = element.getBoundingClientRect().top;
    if (top < 64 || top > window.innerHeight * 0.6) {
      element.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }
};
