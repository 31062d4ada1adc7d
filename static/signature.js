// A signature pad without a library: a finger or a mouse draws on <canvas data-signature-pad>; on each stroke's end
// the drawing goes into the form's file field [data-signature-file] as signature.png, stored like any photo.
for (const canvas of document.querySelectorAll('canvas[data-signature-pad]')) {
  const form = canvas.closest('form');
  const input = form.querySelector('input[data-signature-file]');
  const pen = canvas.getContext('2d');
  let drawing = false;
  let drawn = false;

  const blank = () => {
    pen.fillStyle = '#fff';  // white, not transparent: the photo path re-encodes as JPEG
    pen.fillRect(0, 0, canvas.width, canvas.height);
    pen.lineWidth = 4;
    pen.lineCap = pen.lineJoin = 'round';
    pen.strokeStyle = '#111';
    drawn = false;
    input.value = '';
  };
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  };
  const keep = () => canvas.toBlob((blob) => {
    if (!blob || !drawn) return;
    const files = new DataTransfer();
    files.items.add(new File([blob], 'signature.png', { type: 'image/png' }));
    input.files = files.files;
  }, 'image/png');

  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    pen.beginPath();
    pen.moveTo(...at(event));
    event.preventDefault();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    pen.lineTo(...at(event));
    pen.stroke();
    drawn = true;
  });
  for (const end of ['pointerup', 'pointercancel']) {
    canvas.addEventListener(end, () => { if (drawing) { drawing = false; keep(); } });
  }
  form.querySelector('[data-signature-clear]')?.addEventListener('click', blank);
  blank();
}
