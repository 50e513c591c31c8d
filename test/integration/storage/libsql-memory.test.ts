import { openLibsqlStore } from '../../../src/engine/storage/libsql/index.js';
import { defineStoreContract } from './contract/index.js';

defineStoreContract({
  name: 'libsql :memory:',
  open: (clock) => openLibsqlStore({ path: ':memory:', clock }),
});
