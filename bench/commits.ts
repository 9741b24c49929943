// Commit times of customers created during the bench, for the commit-to-delivery latency: the moment
// the write was acknowledged (the response arrived), keyed by customer id.
export type Commits = Map<string, number>;
