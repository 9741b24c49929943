// Actors are constructed by the SDK with (client, id) only; an app's composition root hands its
// actors their collaborators once at start through one of these holders.
export interface DependencyHolder<T> {
  configure(value: T): void;
  get(): T;
}

export function dependencyHolder<T>(what: string): DependencyHolder<T> {
  let value: T | undefined;
  return {
    configure(next) {
      value = next;
    },
    get() {
      if (value === undefined) throw new Error(`${what} used before configure()`);
      return value;
    },
  };
}
