// Webhooks (admins): subscriptions, deliveries and their attempts, retrying a failed delivery.
// `*` and prefixes (order.*) send domain events only; a private type (chat.message, notification) is sent only
// when named exactly, and the subscription's privateEventTypes says so: shown beside its event types.
import { $, api, el } from './api.js';

export function setUpWebhooks() {
  $('subscription-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const message = $('subscription-message');
    const types = $('subscription-types').value.split(',').map((t) => t.trim()).filter(Boolean);
    try {
      const created = await api('/api/webhooks/subscriptions', { method: 'POST',
        body: { url: $('subscription-url').value, eventTypes: types.length ? types : ['*'] } });
      message.className = '';
      message.textContent = `Subscription added. Its signing secret, shown only now: ${created.secret}`
        + (created.privateEventTypes?.length ? ` ${privateNote(created)}` : '');
      $('subscription-form').reset();
      await showWebhooks();
    } catch (error) {
      message.className = 'error';
      message.textContent = error.message;
    }
  });
  $('deliveries-refresh').addEventListener('click', () => showWebhooks());
}

export async function showWebhooks() {
  const [subscriptions, deliveries] = await Promise.all([
    api('/api/webhooks/subscriptions'), api('/api/webhooks/deliveries?limit=50')]);
  $('subscriptions').replaceChildren(...subscriptions.map((s) => el('tr', {},
    el('td', {}, s.url), eventTypesCell(s),
    el('td', {}, s.status + (s.disabledReason ? ` (${s.disabledReason})` : '')),
    el('td', {}, s.lastSuccessAt ?? '—'))));
  $('deliveries').replaceChildren(...deliveries.items.map(deliveryRow));
}

/** The patterns, and a warning when the subscription sends private types (what users wrote) to its URL. */
function eventTypesCell(subscription) {
  const cell = el('td', {}, (subscription.eventTypes ?? []).join(', '));
  if (subscription.privateEventTypes?.length) {
    cell.append(el('br'), el('strong', { class: 'error' }, privateNote(subscription)));
  }
  return cell;
}

function privateNote(subscription) {
  return `Private: ${subscription.privateEventTypes.join(', ')} (what users write) is sent to this URL.`;
}

function deliveryRow(delivery) {
  const attempts = el('button', { type: 'button' }, 'Attempts');
  attempts.addEventListener('click', () => showAttempts(delivery));
  const actions = el('td', {}, attempts);
  if (delivery.status === 'FAILED') {
    const retry = el('button', { type: 'button' }, 'Retry');
    retry.addEventListener('click', async () => {
      await api(`/api/webhooks/deliveries/${delivery.id}/retry`, { method: 'POST' });
      await showWebhooks();
    });
    actions.append(' ', retry);
  }
  return el('tr', { 'data-delivery': delivery.id }, el('td', {}, delivery.eventType),
    el('td', {}, delivery.status), el('td', {}, delivery.attempts), el('td', {}, delivery.nextAttemptAt ?? '—'),
    actions);
}

async function showAttempts(delivery) {
  const attempts = await api(`/api/webhooks/deliveries/${delivery.id}/attempts`);
  $('attempts').replaceChildren(el('table', {},
    el('caption', {}, `Attempts of delivery ${delivery.id} (${delivery.eventType})`),
    el('thead', {}, el('tr', {}, ...['When', 'Status', 'Duration', 'Address', 'Error or answer']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...attempts.map((a) => el('tr', {}, el('td', {}, a.attemptedAt),
      el('td', {}, a.statusCode ?? a.errorKind ?? ''), el('td', {}, `${a.durationMs} ms`),
      el('td', {}, a.resolvedIp ?? ''), el('td', {}, a.error ?? a.responseBody ?? ''))))));
}
