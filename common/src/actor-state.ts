// Safe reads of Dapr actor state through the JS SDK's state manager: its getState throws when a key
// is absent, and its containsState misreports objects; tryGetState is the reliable primitive.

interface ActorStateReader {
  tryGetState(key: string): Promise<[boolean, unknown]>;
}

export async function readActorState<T>(state: ActorStateReader, key: string): Promise<T | undefined> {
  const [hasValue, value] = await state.tryGetState(key);
  return hasValue && value !== null && value !== undefined ? (value as T) : undefined;
}
