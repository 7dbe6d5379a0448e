/**
 * What the API reads from bodies that are not JSON. A document sent to the API: one file in a
 * `multipart/form-data` form (field `document`) or pasted text (field `text`), or the document
 * itself as the body (PDF, DOCX, plain text), read into memory up to a bound — what reads it
 * needs it whole — and refused with 413 beyond. Evidence files (readEvidenceForm): streamed.
 */
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../platform/errors';

export interface UploadedDocument {
  bytes: Buffer;
  /** The name the sender gave, NFC; never used as a path. */
  filename?: string;
}

/** Bodies taken as the document itself; what it is is judged later from its bytes. */
export const documentMediaTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
  'application/octet-stream',
] as const;
export const formMediaType = 'multipart/form-data';

const tooLarge = (maxBytes: number) => new PayloadTooLargeError(`the document is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);

export function readUploadedDocument(req: Request, maxBytes: number): Promise<UploadedDocument> {
  if (req.is(formMediaType)) return readForm(req, maxBytes);
  if (req.is([...documentMediaTypes])) return readBody(req, maxBytes).then((bytes) => ({ bytes }));
  throw new UnsupportedMediaTypeError(`send the document as ${formMediaType} (field "document" or "text") or as its own body (${documentMediaTypes.join(', ')})`);
}

async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function readForm(req: Request, maxBytes: number): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 1, fieldSize: maxBytes, parts: 2 }, defParamCharset: 'utf8' });
    } catch {
      reject(new ValidationError('the form cannot be read', [{ path: '(body)', message: 'a multipart/form-data body with its boundary' }]));
      return;
    }
    let found: Promise<UploadedDocument> | undefined;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
    };
    form.on('file', (field, stream, info) => {
      if (field !== 'document' || found) {
        stream.resume();
        fail(new ValidationError('the form holds an unexpected file', [{ path: field, message: 'send one file, in the field "document"' }]));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      found = new Promise((done) => stream.on('close', () => done({ bytes: Buffer.concat(chunks), ...(info.filename && { filename: info.filename.normalize('NFC') }) })));
    });
    form.on('field', (field, value, info) => {
      if (field !== 'text' || found) {
        fail(new ValidationError('the form holds an unexpected field', [{ path: field, message: 'send the document in "document", or pasted text in "text"' }]));
        return;
      }
      if (info.valueTruncated) fail(tooLarge(maxBytes));
      found = Promise.resolve({ bytes: Buffer.from(value, 'utf8') });
    });
    const moreThanOne = () => fail(new ValidationError('the form holds more than one document', [{ path: '(body)', message: 'send one file or one text' }]));
    form.on('partsLimit', moreThanOne);
    form.on('filesLimit', moreThanOne);
    form.on('fieldsLimit', moreThanOne);
    form.on('error', (error: Error) => reject(new ValidationError('the form cannot be read', [{ path: '(body)', message: error.message }])));
    form.on('close', () => {
      if (failure) return reject(failure);
      if (!found) return reject(new ValidationError('no document in the form', [{ path: 'document', message: 'send a file in "document" or pasted text in "text"' }]));
      found.then(resolve, reject);
    });
    req.pipe(form);
  });
}

/** One file of a form, as it streams in, cut at the size limit (the form then fails with 413). */
export interface IncomingFile {
  field: string;
  /** The name the sender gave, as sent. */
  filename: string | undefined;
  stream: Readable;
}

/**
 * Evidence files: a `multipart/form-data` form of one or more files in the field `files`, read
 * one after another and handed to `receive` as streams, never held whole. When a file is refused
 * (by the limits here or by `receive`), the rest of the body is read and dropped, and the
 * refusal is thrown once the form has ended, so the client hears it whole; `receive` must undo
 * what it kept of the files before.
 */
export function readEvidenceForm<T>(req: Request, limits: { maxBytes: number; maxFiles: number }, receive: (file: IncomingFile) => Promise<T>): Promise<T[]> {
  if (!req.is(formMediaType)) throw new UnsupportedMediaTypeError(`send the files as ${formMediaType}, each in the field "files"`);
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { files: limits.maxFiles, fileSize: limits.maxBytes, fields: 0 }, defParamCharset: 'utf8' });
    } catch {
      reject(new ValidationError('the form cannot be read', [{ path: '(body)', message: 'a multipart/form-data body with its boundary' }]));
      return;
    }
    const received: T[] = [];
    let failure: Error | undefined;
    let queue: Promise<void> = Promise.resolve();
    const fail = (error: Error) => {
      failure ??= error;
    };
    form.on('file', (field, stream, info) => {
      const filename = info.filename?.normalize('NFC');
      if (failure || field !== 'files') {
        if (!failure) fail(new ValidationError('the form holds an unexpected file', [{ path: field, message: 'send every file in the field "files"' }]));
        stream.resume();
        return;
      }
      // One file at a time, in the order sent: busboy holds the next part until this one is read.
      queue = queue.then(async () => {
        if (failure) {
          stream.resume();
          return;
        }
        try {
          received.push(await receive({ field, filename, stream }));
          // Past the limit busboy drops the rest of the file and ends it: what was kept of it is undone with the rest.
          if (stream.truncated) fail(new PayloadTooLargeError(`${filename ?? 'a file'}: larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`, { file: filename, limitBytes: limits.maxBytes }));
        } catch (error) {
          fail(error as Error);
          stream.resume();
        }
      });
    });
    form.on('field', (field) => fail(new ValidationError('the form holds an unexpected field', [{ path: field, message: 'send only files, in the field "files"' }])));
    form.on('filesLimit', () => fail(new PayloadTooLargeError(`more than ${limits.maxFiles} files in one request`, { limitFiles: limits.maxFiles })));
    form.on('fieldsLimit', () => fail(new ValidationError('the form holds an unexpected field', [{ path: '(body)', message: 'send only files, in the field "files"' }])));
    form.on('error', (error: Error) => fail(new ValidationError('the form cannot be read', [{ path: '(body)', message: error.message }])));
    form.on('close', () => {
      void queue.then(() => {
        if (failure) return reject(failure);
        if (received.length === 0) return reject(new ValidationError('no file in the form', [{ path: 'files', message: 'send at least one file in the field "files"' }]));
        resolve(received);
      });
    });
    // A connection lost midway: the file being read fails, and nothing of the request is kept.
    req.on('aborted', () => form.destroy(new Error('the connection was lost')));
    req.pipe(form);
  });
}
