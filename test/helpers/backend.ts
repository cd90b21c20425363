// Vitest setup: every test file runs on the backend its project names (see vitest.config.ts).
import { setBackend } from '@chainrule/autograd';
import { setFusionThreshold, setResidentThreshold } from '@chainrule/autograd/testing';

const name = process.env.CHAINRULE_BACKEND;
if (name !== undefined) setBackend(name);
// the wasm project fuses every elementwise op, however small (the default fuses large ones only)
const fuse = process.env.CHAINRULE_FUSE_MIN;
if (fuse !== undefined) setFusionThreshold(Number(fuse));
// the wasm project also puts every gradient of a backward pass in the wasm heap, however small
const resident = process.env.CHAINRULE_RESIDENT_MIN;
if (resident !== undefined) setResidentThreshold(Number(resident));
