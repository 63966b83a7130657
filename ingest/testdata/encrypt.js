const fs = require('fs');
const officeCrypto = require('officecrypto-tool');
(async () => {
  const input = fs.readFileSync(process.argv[2]);
  const out = await officeCrypto.encrypt(input, { password: 'coo' });
  fs.writeFileSync(process.argv[3], out);
  const back = await officeCrypto.decrypt(out, { password: 'coo' });
  console.log('encrypted', out.length, 'bytes; round trip equal:', Buffer.compare(back, input) === 0);
})();
