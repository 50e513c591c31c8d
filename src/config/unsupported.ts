/** Sections that are parsed and validated but not run yet: reported, never silently ignored. */
import type { ObeliskConfig } from './types.js';

function listed(section: string, names: readonly string[], what: string): string {
  return `[[${section}]] ${names.join(', ')}: ${what} not supported yet; remove the section to run the rest of the configuration`;
}

/** One message per configured feature that obelisk cannot run yet. */
export function unsupportedFeatures(config: ObeliskConfig): string[] {
  const messages: string[] = [];
  if (config.webhookEndpoints.length > 0) {
    messages.push(
      listed(
        'webhook_endpoint',
        config.webhookEndpoints.map((w) => w.name),
        'webhook endpoints are',
      ),
    );
  }
  if (config.httpServers.length > 0) {
    messages.push(
      listed(
        'http_server',
        config.httpServers.map((s) => s.name),
        'HTTP servers for webhook endpoints are',
      ),
    );
  }
  if (config.otlp?.enabled === true) {
    messages.push('[otlp]: exporting traces over OTLP is not supported yet; remove the section or set enabled = false');
  }
  return messages;
}
