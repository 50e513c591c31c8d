/** The WIT types of the function an execution runs, once they are loaded. */
import { useEffect, useState } from 'react';
import { useTui } from './context.js';
import type { FunctionTypes } from './wit-types.js';

export function useFunctionTypes(ffqn: string | undefined): FunctionTypes | null {
  const { wit, functions } = useTui();
  const [types, setTypes] = useState<FunctionTypes | null>(null);
  const fn = functions.find((f) => f.ffqn === ffqn);
  useEffect(() => {
    let stale = false;
    setTypes(null);
    if (fn !== undefined) {
      void wit.of(fn).then((loaded) => {
        if (!stale) setTypes(loaded);
      });
    }
    return () => {
      stale = true;
    };
  }, [fn?.ffqn, fn?.component_id, wit]); // the function, not the array identity
  return types;
}
