// Every workflow function the worker registers (the bundler's entry point).
export { clusterActivationWorkflow } from './cluster-activation/cluster-activation.workflow';
export { transitionReviewWorkflow } from './transition-review/transition-review.workflow';
