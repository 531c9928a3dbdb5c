import { FuseV1Options } from '@electron/fuses';
import { hardenElectronBinary } from './harden-electron';

/** `npm run harden-electron -- <electron binary>`: the packaging step that sets the fuses; exit 2 on bad input. */
async function main(argv: string[]): Promise<number> {
  const [binary] = argv;
  if (!binary || argv.length > 1) {
    console.error('usage: npm run harden-electron -- <path to the packaged Electron executable>');
    return 2;
  }
  try {
    const wire = await hardenElectronBinary(binary);
    for (const [index, state] of Object.entries(wire)) {
      if (index === 'version') continue;
      console.log(`${FuseV1Options[Number(index)] ?? `fuse ${index}`}: ${String.fromCharCode(Number(state))}`);
    }
    return 0;
  } catch (error) {
    console.error(`cannot harden ${binary}: ${(error as Error).message}`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
