// The parcel counter (templates/parcels/_counter.html): a scanner gun types the tracking number and Enter, which
// moves on to the unit while no recipient is given (Enter there saves); a refused arrival (422) is shown in place.
document.addEventListener('keydown', (event) => {
  const field = event.target;
  if (event.key !== 'Enter' || !field.matches('[data-parcel-arrival] [data-next]')) return;
  const form = field.form;
  const next = form.elements[field.dataset.next];
  if (next && !next.value && !form.elements.recipient_name.value) {
    event.preventDefault();
    next.focus();
  }
});

document.addEventListener('htmx:beforeSwap', (event) => {
  if (event.detail.xhr.status === 422 && event.target.matches('#parcel-counter')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
