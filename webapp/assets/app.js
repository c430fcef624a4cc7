// Minimal live view; the full dashboard replaces it.
const list = document.getElementById('log');
const status = document.getElementById('status');
const health = document.getElementById('health');
const source = new EventSource('api/stream');

source.onopen = () => { status.textContent = 'connected'; status.dataset.state = 'connected'; };
source.onerror = () => { status.textContent = 'reconnecting'; status.dataset.state = 'reconnecting'; };
source.addEventListener('logs', (message) => {
  for (const event of JSON.parse(message.data)) {
    const row = document.createElement('li');
    row.dataset.id = event.id;
    const time = document.createElement('time');
    time.textContent = new Date(event.ts).toLocaleTimeString();
    const level = document.createElement('span');
    level.className = 'level level-' + event.level;
    level.textContent = event.level;
    const logger = document.createElement('span');
    logger.className = 'logger';
    logger.textContent = event.logger;
    const text = document.createElement('span');
    text.className = 'message';
    text.textContent = event.message;
    row.append(time, ' ', level, ' ', logger, ' ', text);
    list.append(row);
  }
});
source.addEventListener('metric', (message) => {
  const m = JSON.parse(message.data);
  health.textContent = `heap ${Math.round(m.heapUsed / 1048576)} MB · threads ${m.threads}`;
});
