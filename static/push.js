// Alerts on this phone: permission is asked, and the browser subscribed, only after a tap (browsers refuse
// otherwise); the subscription then goes to the server through the page's ordinary form.
const section = document.querySelector('[data-push]');

function show(state) {
  section.querySelectorAll('[data-state]').forEach((p) => { p.hidden = p.dataset.state !== state; });
  section.querySelector('[data-push-subscribe]').hidden = !['off', 'failed', 'denied'].includes(state);
  section.querySelector('[data-push-unsubscribe]').hidden = state !== 'on';
}

function serverKey() {
  const text = section.dataset.key.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function known(endpoint) {
  return [...document.querySelectorAll('[data-push-known]')].some((input) => input.value === endpoint);
}

async function current() {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

async function turnOn() {
  show('checking');
  if (await Notification.requestPermission() !== 'granted') return show('denied');
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription = (await registration.pushManager.getSubscription())
      || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey() });
    const { endpoint, keys } = subscription.toJSON();
    const form = section.querySelector('[data-push-subscribe]');
    Object.entries({ endpoint, p256dh: keys.p256dh, auth: keys.auth }).forEach(([name, value]) => {
      form.elements[name].value = value;
    });
    form.submit();
  } catch (error) {
    show('failed');
  }
}

async function turnOff() {
  const subscription = await current();
  const form = section.querySelector('[data-push-unsubscribe]');
  if (!subscription) return show('off');
  form.elements.endpoint.value = subscription.endpoint;
  await subscription.unsubscribe();
  form.submit();
}

if (section) {
  if (!('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window)) {
    show('unsupported');
  } else {
    section.querySelector('[data-push-on]').addEventListener('click', turnOn);
    section.querySelector('[data-push-off]').addEventListener('click', turnOff);
    current().then((subscription) => {
      // A shared phone may carry a colleague's subscription: it is "on" only when it alerts this person.
      if (subscription && known(subscription.endpoint)) show('on');
      else show(Notification.permission === 'denied' ? 'denied' : 'off');
    }, () => show('unsupported'));
  }
}
