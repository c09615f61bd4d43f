import { register } from 'tsx/esm/api';
const t00 = performance.now();
register();
let t0 = performance.now();
console.log('register', (t0 - t00).toFixed(0));
for (const m of process.argv.slice(2)) {
  await import(m);
  const t1 = performance.now();
  console.log(m, (t1 - t0).toFixed(0), 'ms');
  t0 = t1;
}
