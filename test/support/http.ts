/** A JSON response: status, headers and parsed body. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** Sends a request to a running Herald and parses the JSON answer. */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  { json, body, headers = {} }: { json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: json === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: json === undefined ? body : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}
