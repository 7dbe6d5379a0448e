/**
 * What a report carries besides its text, in the pages: one labelled field per figure (with its
 * unit and Vietnamese digit grouping), evidence files attached from the device or the camera
 * with a progress bar and a cancel button, and the files shown back — thumbnails, PDFs in the
 * page, other files to download — fetched with the session's token.
 */
import { ApiProblem, UploadCancelled, fetchBlob, remove, uploadForm, type Schemas } from './api.js';
import { h } from './dom.js';
import { parseCount } from './format.js';
import { figureLabel, formatDateTime, formatNumber, language, t } from './i18n.js';
import { field } from './ui.js';

type FigureField = Schemas['FigureField'];
type EvidenceFile = Schemas['EvidenceFile'];

const FIGURE_PREFIX = 'figure.';

/** A figure's label in the page's language: the catalogue's, else the label the API gives (a plan's own figure). */
const labelOf = (figure: Pick<FigureField, 'name' | 'label'>) => (figureLabel(figure.name) === figure.name ? figure.label : figureLabel(figure.name));

/** One text field per figure, typed as 1.200 and shown so again; refused in words when it is not a count. */
export function figureInputs(fields: readonly FigureField[], values: Record<string, number> = {}): HTMLElement | null {
  if (fields.length === 0) return null;
  return h(
    'fieldset',
    { class: 'figure-fields' },
    h('legend', {}, t('figures')),
    ...fields.map((figure) => {
      const control = h('input', { name: `${FIGURE_PREFIX}${figure.name}`, inputmode: 'numeric', autocomplete: 'off', 'data-figure': figure.name, ...(values[figure.name] !== undefined && { value: formatNumber(values[figure.name]!) }) });
      const check = () => {
        const text = control.value.trim();
        const count = text === '' ? 0 : parseCount(text, language());
        control.setCustomValidity(count === undefined ? t('figureInvalid') : '');
        if (count !== undefined && text !== '') control.value = formatNumber(count);
      };
      control.addEventListener('change', check);
      control.addEventListener('input', () => control.setCustomValidity(''));
      return field(figure.unit ? `${labelOf(figure)} (${figure.unit})` : labelOf(figure), control);
    }),
  );
}

/** The figures a form's fields hold, blank ones left out. */
export function figuresFrom(data: FormData): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [name, value] of data) {
    if (!name.startsWith(FIGURE_PREFIX) || String(value).trim() === '') continue;
    figures[name.slice(FIGURE_PREFIX.length)] = parseCount(String(value), language()) ?? Number.NaN;
  }
  return figures;
}

const ACCEPTED = 'application/pdf,image/jpeg,image/png,image/heic,image/heif,image/webp,.heic,.docx,.xlsx,.odt,.ods';

/** Why an upload was refused, in the page's words. */
function uploadRefusal(error: unknown, name: string): string {
  if (error instanceof UploadCancelled) return t('uploadCancelled');
  const problem = error instanceof ApiProblem ? (error.problem as { status?: number; file?: string }) : undefined;
  const file = problem?.file ?? name;
  if (problem?.status === 413) return t('fileTooLarge', { name: file });
  if (problem?.status === 415) return t('fileTypeRefused', { name: file });
  if (problem?.status === 409) return t('filesFixed');
  return t('uploadFailed', { name: file });
}

export interface Attachments {
  element: HTMLElement;
  /** The ids of the files the report will carry. */
  ids(): string[];
}

/**
 * Files a report carries: those already uploaded (`initial`), and more chosen from the device or
 * taken with the camera, uploaded at once with a progress bar and a cancel button. Each may be
 * removed while the work is the unit's.
 */
export function attachments(assignmentId: string, initial: readonly EvidenceFile[], name: string): Attachments {
  const files = new Map(initial.map((file) => [file.id, file]));
  const list = h('ul', { class: 'attachments', 'aria-label': t('files') });
  const status = h('div', { class: 'upload-status', 'aria-live': 'polite' });
  const render = () =>
    list.replaceChildren(
      ...[...files.values()].map((file) =>
        h(
          'li',
          { 'data-file': file.id },
          h('span', {}, file.filename),
          ' ',
          h('small', { class: 'muted' }, `${formatNumber(Math.ceil(file.size / 1024))} KB${file.attached ? '' : ` · ${t('notSent')}`}`),
          ' ',
          h('button', { type: 'button', class: 'link-button', 'aria-label': t('removeFileNamed', { name: file.filename }), onclick: () => void removeFile(file) }, t('removeFile')),
        ),
      ),
    );
  const removeFile = async (file: EvidenceFile) => {
    status.replaceChildren();
    try {
      await remove(`/assignments/${assignmentId}/files/${file.id}`);
      files.delete(file.id);
      render();
    } catch (error) {
      status.replaceChildren(h('p', { class: 'problem', role: 'alert' }, uploadRefusal(error, file.filename)));
    }
  };
  const send = async (chosen: FileList | null, input: HTMLInputElement) => {
    if (!chosen || chosen.length === 0) return;
    const form = new FormData();
    for (const file of chosen) form.append('files', file, file.name);
    const names = [...chosen].map((file) => file.name).join(', ');
    const progress = h('progress', { max: 100, value: 0, 'aria-label': t('uploading', { name: names }) });
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('cancelUpload'));
    status.replaceChildren(h('div', { class: 'upload-progress' }, h('span', {}, t('uploading', { name: names })), progress, cancel));
    const upload = uploadForm<Schemas['EvidenceFileList']>(`/assignments/${assignmentId}/files`, form, (sent, total) => {
      progress.value = total > 0 ? Math.round((sent / total) * 100) : 0;
    });
    cancel.addEventListener('click', () => upload.cancel());
    try {
      const answer = await upload.done;
      for (const file of answer.items) files.set(file.id, file);
      status.replaceChildren();
      render();
    } catch (error) {
      status.replaceChildren(h('p', { class: 'problem', role: 'alert' }, uploadRefusal(error, names)));
    } finally {
      input.value = '';
    }
  };
  const picker = h('input', { type: 'file', multiple: true, accept: ACCEPTED, 'data-files': name });
  // No `name`: the form's data leaves the files out, they are sent here as soon as they are chosen.
  // On a phone, `capture` opens the camera straight away.
  const camera = h('input', { type: 'file', accept: 'image/*', capture: 'environment', 'data-camera': name });
  picker.addEventListener('change', () => void send(picker.files, picker));
  camera.addEventListener('change', () => void send(camera.files, camera));
  render();
  const element = h(
    'fieldset',
    { class: 'attachment-fields' },
    h('legend', {}, t('files')),
    field(t('chooseFiles'), picker, t('filesHint')),
    field(t('takePhoto'), camera),
    list,
    status,
  );
  return { element, ids: () => [...files.keys()] };
}

/** Object URLs made for a page: released when it is left, so blobs do not pile up. */
const objectUrls: string[] = [];
export function releaseFileViews(): void {
  for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
}
const objectUrl = (blob: Blob) => {
  const url = URL.createObjectURL(blob);
  objectUrls.push(url);
  return url;
};

/** A file as a reviewer reads it: an image's thumbnail (opening the photo), a PDF in the page, other files to download. */
function fileView(assignmentId: string, file: EvidenceFile): HTMLElement {
  const path = `/assignments/${assignmentId}/files/${file.id}`;
  const caption = h('figcaption', {}, file.filename, ' ', h('small', { class: 'muted' }, `${formatNumber(Math.ceil(file.size / 1024))} KB · ${formatDateTime(file.uploadedAt)}`));
  const open = h('button', { type: 'button', class: 'secondary' }, file.inline ? t('open') : t('downloadFile'));
  open.addEventListener('click', () => {
    void fetchBlob(path).then((blob) => {
      const anchor = h('a', { href: objectUrl(blob), ...(file.inline ? { target: '_blank', rel: 'noopener' } : { download: file.filename }) });
      anchor.click();
    });
  });
  const figure = h('figure', { class: 'evidence-file', 'data-file': file.id, 'data-type': file.mediaType }, caption, open);
  if (file.thumbnail) {
    const image = h('img', { alt: t('fileOf', { name: file.filename }), class: 'thumbnail', width: 160 });
    figure.prepend(image);
    void fetchBlob(`${path}/thumbnail`).then((blob) => (image.src = objectUrl(blob)));
  } else if (file.mediaType === 'application/pdf') {
    const frame = h('iframe', { title: t('fileOf', { name: file.filename }), class: 'pdf-view' });
    figure.prepend(frame);
    void fetchBlob(path).then((blob) => (frame.src = objectUrl(new Blob([blob], { type: 'application/pdf' }))));
  }
  return figure;
}

export function fileGallery(assignmentId: string, files: readonly EvidenceFile[]): HTMLElement | null {
  if (files.length === 0) return null;
  return h('div', { class: 'evidence-files', 'aria-label': t('files') }, ...files.map((file) => fileView(assignmentId, file)));
}

/** A report's figures with their labels and units, and the warnings on them. */
export function labelledFigures(figures: Record<string, number>, fields: readonly FigureField[], warnings: readonly Schemas['FigureWarning'][]): HTMLElement | null {
  const fieldOf = new Map(fields.map((figure) => [figure.name, figure]));
  // In the order the form asks for them (the plan's, then the kind's), others after: not the order storage keeps.
  const order = (name: string) => (fieldOf.has(name) ? fields.indexOf(fieldOf.get(name)!) : fields.length);
  const entries = Object.entries(figures).sort(([a], [b]) => order(a) - order(b));
  if (entries.length === 0) return null;
  const label = (name: string) => labelOf(fieldOf.get(name) ?? { name, label: name });
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'figures' },
      ...entries.flatMap(([name, value]) => {
        const unit = fieldOf.get(name)?.unit;
        return [h('dt', {}, label(name)), h('dd', { 'data-figure': name }, unit ? `${formatNumber(value)} ${unit}` : formatNumber(value))];
      }),
    ),
    ...warnings.map((warning) => h('p', { class: 'figure-warning', role: 'note' }, t('figureWarning', { label: label(warning.figure), value: formatNumber(warning.value), limit: formatNumber(warning.limit) }))),
  );
}
