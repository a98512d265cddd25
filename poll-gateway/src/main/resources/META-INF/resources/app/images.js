// Images: upload with progress, the status moving live, thumbnails through signed URLs, a gallery page by page,
// deletion. The status follows the image.* events on user:<me> (the page's one poll), not a call of its own: an
// image deleted in another tab or device leaves this gallery too (image.deleted).
import { $, api, el, session, signedOut, token, whileSending } from './api.js';

const MAX_BYTES = 20 * 1024 * 1024;
const PAGE_SIZE = 24;
const shown = new Map(); // image id -> its <li>
let lastUpload; // the id whose status the upload message tells
let total = 0; // the user's images, as the last page told, plus uploads and less deletions since
let loading; // the answer of the page being loaded: an older one that comes later is dropped

export function setUpImages(userEvents) {
  const form = $('upload-form');
  const input = $('upload-file');
  const zone = $('drop-zone');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.files.length) upload(input.files[0], $('upload-title').value);
  });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0], $('upload-title').value);
  });
  // image.processing / image.completed / image.failed / image.deleted come on user:<me>: the gallery follows them
  userEvents.on('*', (event) => {
    if (!event.type?.startsWith('image.') || !shown.has(event.data?.imageId)) return;
    if (event.type === 'image.deleted') forget(event.data.imageId);
    else refreshImage(event.data.imageId);
  });
  $('gallery-more').addEventListener('click', (e) => whileSending(e.target, async () => {
    try {
      // the page that holds the first image not shown: uploads and deletions since the first page moved them
      await loadPage(Math.floor(shown.size / PAGE_SIZE));
    } catch (error) {
      $('upload-message').className = 'error';
      $('upload-message').textContent = `More images could not be loaded: ${error.message}`;
    }
  }));
}

/** The gallery from its first page (newest first). */
export async function loadGallery() {
  await loadPage(0);
}

/**
 * Shows one page of the gallery: the first replaces what is shown, a later one is appended ("Load more"); an image
 * already shown (an upload or a deletion moved the pages meanwhile) is shown once.
 */
async function loadPage(number) {
  const mine = loading = api(`/api/images?page=${number}&size=${PAGE_SIZE}`);
  const page = await mine;
  if (mine !== loading) return; // the gallery was loaded again meanwhile
  if (number === 0) {
    $('gallery').replaceChildren();
    shown.clear();
  }
  for (const image of page.items) if (!shown.has(image.id)) render(image);
  total = page.total;
  showCount();
}

function showCount() {
  $('gallery-more').hidden = shown.size >= total;
  $('gallery-count').textContent = `(${shown.size} of ${Math.max(total, shown.size)} shown)`;
}

function upload(file, title, retried = false) {
  const message = $('upload-message');
  const progress = $('upload-progress');
  message.className = '';
  if (file.size > MAX_BYTES) {
    showRejection(`${file.name} is too big: ${(file.size / 1048576).toFixed(1)} MiB; the limit is 20 MiB.`);
    return;
  }
  const data = new FormData();
  data.append('image', file);
  data.append('title', (title || file.name).slice(0, 200));
  const request = new XMLHttpRequest();
  request.open('POST', '/api/images');
  const used = session.token();
  request.setRequestHeader('Authorization', `Bearer ${used}`);
  request.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
  });
  request.addEventListener('load', () => {
    progress.hidden = true;
    let body;
    try { body = JSON.parse(request.responseText); } catch { body = undefined; }
    if (request.status === 401) { // the token was refused: once more with a fresh one, else sign in again
      (retried ? Promise.resolve(undefined) : token({ fresh: true }, used)).then((fresh) => {
        if (fresh) upload(file, title, true);
        else signedOut();
      });
    } else if (request.status === 202) {
      lastUpload = body.id;
      $('upload-form').reset();
      render({ id: body.id, title: title || file.name, status: body.status, thumbnails: [] }, true);
      message.textContent = `${title || file.name}: ${body.status}`;
      refreshImage(body.id); // its events may have come before this answer; the next ones update it

    } else if (request.status === 413) {
      showRejection(`${file.name} is too big. ${body?.detail ?? ''}`);
    } else if (request.status === 415) {
      showRejection(`${file.name} is not an image: only JPEG, PNG, GIF and WebP are taken.`);
    } else {
      showRejection(body?.detail ?? `Upload failed (HTTP ${request.status}).`);
    }
  });
  request.addEventListener('error', () => {
    progress.hidden = true;
    showRejection('The upload did not reach the server; check the connection and try again.');
  });
  progress.value = 0;
  progress.hidden = false;
  message.textContent = `Uploading ${file.name}…`;
  request.send(data);
}

function showRejection(text) {
  const message = $('upload-message');
  message.className = 'error rejected';
  message.textContent = text;
}

/** Deletes the image (after asking), with its original and thumbnails. */
async function remove(image) {
  const title = image.title ?? `Image ${image.id}`;
  if (!window.confirm(`Delete ${title}? Its thumbnails go too.`)) return;
  try {
    await api(`/api/images/${image.id}`, { method: 'DELETE' }).catch((e) => {
      if (e.status !== 404) throw e; // 404: already deleted (in another tab)
    });
    forget(image.id);
    $('upload-message').className = '';
    $('upload-message').textContent = `${title} deleted.`;
  } catch (e) {
    $('upload-message').className = 'error';
    $('upload-message').textContent = `${title}: ${e.message}`;
  }
}

/** Takes the image out of the gallery. */
function forget(id) {
  if (!shown.has(id)) return;
  shown.get(id).remove();
  shown.delete(id);
  total--;
  showCount();
}

async function refreshImage(id) {
  try {
    const image = await api(`/api/images/${id}`);
    if (shown.has(id)) render(image); // not if deleted while the answer was on its way
  } catch (e) {
    if (e.status === 404) forget(id); // deleted meanwhile
    else $('upload-message').textContent = `Image ${id}: ${e.message}`;
  }
}

function render(image, first = false) {
  const item = shown.get(image.id) ?? el('li', { 'data-image': image.id });
  const thumbnail = [...(image.thumbnails ?? [])].sort((a, b) => a.size - b.size)
    .find((t) => t.size >= 256) ?? image.thumbnails?.at(-1);
  const status = el('span', { class: `status status-${image.status}` }, image.status);
  const parts = [el('strong', {}, image.title ?? `Image ${image.id}`), el('br'), status];
  if (thumbnail) parts.unshift(el('img', { src: thumbnail.url, alt: image.title ?? `Image ${image.id}`,
    width: thumbnail.width, height: thumbnail.height }));
  if (image.status === 'FAILED') parts.push(el('p', { class: 'error' }, image.reason ?? 'processing failed'));
  const deleteButton = el('button', { type: 'button', class: 'delete', 'aria-label': `Delete ${image.title ?? `image ${image.id}`}` },
    'Delete');
  deleteButton.addEventListener('click', () => remove(image));
  parts.push(el('br'), deleteButton);
  item.replaceChildren(...parts);
  if (!shown.has(image.id)) {
    shown.set(image.id, item);
    if (first) {
      $('gallery').prepend(item);
      total++;
    } else {
      $('gallery').append(item);
    }
    showCount();
  }
  if (image.id === lastUpload) {
    $('upload-message').textContent = `${image.title ?? `Image ${image.id}`}: ${image.status}`
      + (image.status === 'FAILED' ? ` (${image.reason ?? 'processing failed'})` : '');
  }
}
