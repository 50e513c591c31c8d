// The activity: implements `{{namespace}}:{{pkg}}/greeter` (activity/wit/activity.wit).
//
// `obelisk build` compiles this module into dist/activity.wasm. Keep it one module (ComponentizeJS
// builds a single file); the WIT interfaces are its only imports.
//
// A returned value is the `ok` of the function's result; a thrown string is its `err`.

export const greeter = {
  greet(name) {
    if (name.trim() === '') {
      throw 'the name is empty';
    }
    return `Hello, ${name}!`;
  },

  async httpStatus(url) {
    try {
      const response = await fetch(url);
      return response.status;
    } catch (error) {
      // A denied host or a network failure: the attempt fails and obelisk retries it.
      throw `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  },
};
