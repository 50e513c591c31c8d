import { openPostgresStore } from '../../../src/engine/storage/postgres/index.js';
import { usePostgres } from '../../helpers/postgres.js';
import { defineStoreContract } from './contract/index.js';

const pg = usePostgres();
let schemas = 0;

defineStoreContract({
  name: 'postgres',
  // A fresh schema per case: an empty store without a new server or database.
  open: (clock) =>
    openPostgresStore({ connection: { connectionString: pg.current().url }, schema: `contract_${schemas++}`, clock }),
});
