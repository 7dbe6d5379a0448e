// The workflow bundle's entry point: the worker registers every export.
export { assignmentWorkflow } from './assignment';
export { planWorkflow } from './plan';
export { planAmendmentWorkflow } from './amendment';
export { noticeDigestWorkflow } from './digests';
