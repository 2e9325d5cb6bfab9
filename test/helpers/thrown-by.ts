/** The error `read` throws; fails the test when it throws nothing (so an assertion on the error cannot pass vacuously). */
export function thrownBy(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error("nothing was thrown");
}
