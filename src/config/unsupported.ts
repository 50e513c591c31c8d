/** Sections that are parsed and validated but not run yet: reported, never silently ignored. */
import type { ObeliskConfig } from './types.js';

/** One message per configured feature that obelisk cannot run yet. */
export function unsupportedFeatures(config: ObeliskConfig): string[] {
  const messages: string[] = [];
  if (config.otlp?.enabled === true) {
    messages.push('[otlp]: exporting traces over OTLP is not supported yet; remove the section or set enabled = false');
  }
  return messages;
}
