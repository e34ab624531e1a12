// Usage Report: shows the hovered or focused day's calls in the detail line. Text only (textContent), never HTML.
(function () {
  'use strict';
  const detail = document.getElementById('detail');
  if (!detail) return;
  const initial = detail.textContent;
  function show(event) {
    const day = event.target instanceof Element ? event.target.closest('.day') : null;
    if (day) detail.textContent = day.getAttribute('data-label') || '';
  }
  function reset(event) {
    const day = event.target instanceof Element ? event.target.closest('.day') : null;
    if (day) detail.textContent = initial;
  }
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('mouseout', reset);
  document.addEventListener('focusout', reset);
})();
