// Runs before first paint so a chosen theme never flashes the other one. The choice is only
// stored when it differs from the system preference, so by default the page follows the system.
(function () {
  try {
    var theme = localStorage.getItem('recapdex-theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch (e) { /* storage blocked: follow the system */ }
})();
