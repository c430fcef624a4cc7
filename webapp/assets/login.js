// The sign-in form returns to the page the browser first asked for. The server passes that
// page's path and query as ?next=...; its fragment (#event=123) never reached the server but is
// still this page's (browsers keep it across the redirect), so it is added here. The server
// accepts only a path under Livelog's own context root.
const next = new URLSearchParams(location.search).get('next');
if (next && next.startsWith('/') && !next.startsWith('//')) {
  document.getElementById('next').value = next + location.hash;
}
