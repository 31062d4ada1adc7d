// What pages ask for with data- attributes: the Content-Security-Policy allows no inline script.
document.addEventListener('change', (event) => {
  if (event.target.matches('select[data-submit-on-change]')) event.target.form.submit();
});

document.addEventListener('submit', (event) => {
  const question = event.target.dataset.confirm;
  if (question && !confirm(question)) event.preventDefault();
});

document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-print], [data-reload]');
  if (!button) return;
  event.preventDefault();
  if (button.hasAttribute('data-print')) print(); else location.reload();
});

const worker = document.currentScript.dataset.serviceWorker;
if (worker && 'serviceWorker' in navigator) addEventListener('load', () => navigator.serviceWorker.register(worker));
