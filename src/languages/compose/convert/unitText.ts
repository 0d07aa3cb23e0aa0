// Writes Quadlet unit sections as text: `[Section]` then `Key=value` lines, values with line
// breaks escaped. No `vscode` import.

export interface Section {
  name: string;
  keys: [string, string][];
}

export function unitText(sections: Section[]): string {
  return (
    sections
      .filter((s) => s.keys.length || s.name === 'Container' || s.name === 'Pod')
      .map((s) => [`[${s.name}]`, ...s.keys.map(([k, v]) => `${k}=${v.replace(/\n/g, ' ')}`)].join('\n'))
      .join('\n\n') + '\n'
  );
}

/** A word for a systemd command line: quoted when it holds spaces or quotes. */
export function systemdWord(word: string): string {
  if (word && !/[\s"'\\$%;]/.test(word)) return word;
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}
