// The sandbox's inbox: every text is set with textContent, never parsed as HTML.
'use strict';
(() => {
  const token = new URLSearchParams(location.search).get('token') || sessionStorage.getItem('inbox-token') || '';
  sessionStorage.setItem('inbox-token', token);
  const $ = id => document.getElementById(id);
  const state = { chats: [], open: null, templates: [], messages: [], more: false };

  const api = async (path, options = {}) => {
    const response = await fetch('/sandbox/inbox' + path, { ...options, headers: { 'X-Sandbox-Token': token, 'Content-Type': 'application/json', ...(options.headers || {}) } });
    if (response.status === 204) return null;
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { status: response.status });
    return body;
  };

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  const chatKey = chat => chat.business + '\u0000' + chat.customer;

  // Puts the list's children in the order of items, keeping each item's node while its version stays the same: under a
  // campaign's load a new view then touches what changed, not every node, and the browser leaves the sandbox its CPU.
  const reconcile = (list, items, keyOf, versionOf, render) => {
    const existing = new Map();
    for (const node of list.children) existing.set(node.dataset.key, node);
    let at = list.firstElementChild;
    for (const item of items) {
      const key = String(keyOf(item)), version = versionOf(item);
      let node = existing.get(key);
      existing.delete(key);
      if (node && node.dataset.version !== version) {
        if (node === at) at = at.nextElementSibling;
        node.remove();
        node = undefined;
      }
      if (!node) {
        node = render(item);
        node.dataset.key = key;
        node.dataset.version = version;
      }
      if (node === at) at = at.nextElementSibling;
      else list.insertBefore(node, at);
    }
    for (const node of existing.values()) node.remove();
  };

  // A template message as WhatsApp shows it: the preview's text with each {{n}} filled in and marked.
  const fill = (into, text, values) => {
    let last = 0;
    for (const match of text.matchAll(/\{\{(\d+)\}\}/g)) {
      into.append(document.createTextNode(text.slice(last, match.index)));
      const value = values[Number(match[1]) - 1];
      into.append(el('mark', null, value === undefined ? match[0] : value));
      last = match.index + match[0].length;
    }
    into.append(document.createTextNode(text.slice(last)));
  };

  const valueOf = p => p.text ?? p.payload ?? p.currency?.fallbackValue ?? p.dateTime?.fallbackValue
    ?? p.image?.link ?? p.video?.link ?? p.document?.link ?? '';

  const media = (kind, link, caption, filename) => {
    const card = el('div', 'card');
    card.append(el('div', 'kind', kind));
    if (filename) card.append(el('div', null, filename));
    card.append(el('div', 'link', link));
    if (caption) card.append(el('div', null, caption));
    return card;
  };

  const renderTemplate = (bubble, message) => {
    const template = message.content.template || {};
    const code = template.language?.code;
    const preview = state.templates.find(t => t.name === template.name && t.language === code);
    const components = template.components || [];
    const of = type => components.find(c => c.type === type);
    const header = of('header'), body = of('body');
    if (!preview) {
      bubble.append(el('div', 'header-text', `${template.name} (${code})`));
      for (const component of components) bubble.append(el('div', null, `${component.type}: ${(component.parameters || []).map(valueOf).join(', ')}`));
      return;
    }
    if (preview.headerFormat === 'TEXT' && preview.headerText) {
      const h = el('div', 'header-text');
      fill(h, preview.headerText, (header?.parameters || []).map(valueOf));
      bubble.append(h);
    } else if (preview.headerFormat) {
      const p = header?.parameters?.[0] || {};
      bubble.append(media(preview.headerFormat, valueOf(p), null, p.document?.filename));
    }
    const text = el('div', 'body');
    fill(text, preview.body, (body?.parameters || []).map(valueOf));
    bubble.append(text);
    if (preview.footer) bubble.append(el('div', 'footer', preview.footer));
    if (preview.buttons.length) {
      const buttons = el('div', 'buttons');
      preview.buttons.forEach((button, index) => {
        const given = components.find(c => c.type === 'button' && c.index === index);
        if (button.type === 'QUICK_REPLY') {
          const press = el('button', null, button.text);
          press.type = 'button';
          press.dataset.testid = 'quick-reply';
          const payload = given?.parameters?.[0]?.payload;
          press.disabled = message.direction !== 'out' || !payload;
          press.addEventListener('click', () => say({ button: { text: button.text, payload, replyTo: message.messageId } }));
          buttons.append(press);
        } else if (button.type === 'URL') {
          const suffix = given?.parameters?.[0]?.text;
          buttons.append(el('span', null, `${button.text} → ${suffix !== undefined ? button.url.replace(/\{\{1\}\}/, suffix) : button.url}`));
        } else {
          buttons.append(el('span', null, `${button.text}${button.phoneNumber ? ' → ' + button.phoneNumber : ''}`));
        }
      });
      bubble.append(buttons);
    }
  };

  const renderContent = (bubble, message) => {
    const c = message.content;
    if (message.direction === 'in') {
      const m = c.content?.message || {};
      if (m.text !== undefined) bubble.append(el('div', 'body', m.text));
      else if (m.button) bubble.append(el('div', 'body', `↩ ${m.button.text || m.button.payload}`));
      else if (m.media) bubble.append(media(m.media.type, m.media.source, m.media.caption));
      else bubble.append(el('div', 'body', `(${message.kind})`));
      return;
    }
    switch (c.type) {
      case 'text': {
        bubble.append(el('div', 'body', c.text?.body));
        if (c.previewUrl) {
          const url = (c.text?.body || '').match(/https?:\/\/\S+/);
          if (url) bubble.append(media('link preview', url[0]));
        }
        break;
      }
      case 'template': renderTemplate(bubble, message); break;
      case 'image': bubble.append(media('image', c.image?.link, c.image?.caption)); break;
      case 'video': bubble.append(media('video', c.video?.link, c.video?.caption)); break;
      case 'audio': bubble.append(media('audio', c.audio?.link)); break;
      case 'document': bubble.append(media('document', c.document?.link, c.document?.caption, c.document?.filename)); break;
      case 'location': bubble.append(media('location', `${c.location?.latitude}, ${c.location?.longitude}`, c.location?.address, c.location?.name)); break;
      case 'contacts': for (const contact of c.contacts || []) bubble.append(media('contact', (contact.phones || []).map(p => p.phone).join(', '), null, contact.name?.formattedName)); break;
      default: bubble.append(el('div', 'body', `(${c.type})`));
    }
  };

  const ticks = { queued: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '✗' };

  const renderMessage = message => {
    const bubble = el('li', `bubble ${message.direction}${message.state === 'failed' ? ' failed' : ''}`);
    bubble.dataset.messageId = message.messageId;
    bubble.dataset.state = message.state;
    bubble.dataset.kind = message.kind;
    renderContent(bubble, message);
    if (message.failure) bubble.append(el('div', 'failure', `${message.failure.code} ${message.failure.reason || ''}`.trim()));
    const meta = el('div', 'meta');
    meta.append(el('span', null, new Date(message.at).toLocaleTimeString()));
    if (message.direction === 'out') {
      const tick = el('span', `ticks ${message.state}`, ticks[message.state] || '');
      tick.dataset.testid = 'ticks';
      tick.title = message.state;
      meta.append(tick);
    }
    bubble.append(meta);
    return bubble;
  };

  const renderWindow = until => {
    const w = $('window');
    if (until) {
      const left = Math.max(0, new Date(until) - Date.now());
      w.textContent = `window open, ${Math.floor(left / 3600000)} h ${Math.floor(left / 60000) % 60} min left`;
      w.className = 'window open';
    } else {
      w.textContent = 'window closed: only templates reach this customer';
      w.className = 'window';
    }
  };

  const lastOf = chat => chat.last ? (chat.last.content?.text?.body ?? chat.last.content?.template?.name ?? chat.last.content?.content?.message?.text ?? chat.last.kind) : '';
  const isOpen = chat => Boolean(state.open && chatKey(chat) === chatKey(state.open));

  const renderChats = () => reconcile($('chat-list'), state.chats, chatKey, chat => `${isOpen(chat)}\u0000${lastOf(chat)}`, chat => {
    const item = el('li', isOpen(chat) ? 'open' : '');
    item.dataset.customer = chat.customer;
    item.append(el('div', 'who', chat.customer));
    item.append(el('div', 'last', lastOf(chat)));
    item.addEventListener('click', () => openChat(chat));
    return item;
  });

  // A message's bubble is drawn again only when its state or failure changes.
  const renderMessages = () => reconcile($('messages'), state.messages, m => m.position,
    m => `${m.state}\u0000${m.failure?.code ?? ''}`, renderMessage);

  const path = chat => `/chats/${encodeURIComponent(chat.business)}/${encodeURIComponent(chat.customer)}`;

  const closeChat = () => {
    state.open = null;
    state.messages = [];
    $('messages').replaceChildren();
    $('chat').hidden = true;
    $('empty').hidden = false;
  };

  const showChat = page => {
    state.messages = page.messages;
    state.more = page.more;
    state.windowOpenUntil = page.windowOpenUntil;
    $('chat-customer').textContent = page.customer;
    $('chat-business').textContent = 'from ' + page.business;
    renderWindow(page.windowOpenUntil);
    const list = $('messages');
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
    renderMessages();
    $('older').hidden = !state.more;
    if (atEnd) list.scrollTop = list.scrollHeight;
    if (document.visibilityState === 'visible' && state.messages.some(m => m.direction === 'out' && m.state === 'delivered')) {
      api(path(state.open) + '/read', { method: 'POST' }).catch(() => {});
    }
  };

  // What the stream sends after each change: the chats, the open chat, and the campaigns when they are shown.
  const showView = view => {
    state.chats = view.chats;
    if (state.open && 'chat' in view) {
      if (view.chat && chatKey(view.chat) === chatKey(state.open)) showChat(view.chat);
      else if (!view.chat) closeChat();   // the sandbox restarted and holds no such chat now
    }
    renderChats();
    if (view.campaigns) showCampaigns(view.campaigns);
  };

  const openChat = async chat => {
    state.open = chat;
    state.messages = [];
    $('messages').replaceChildren();
    $('chat').hidden = false;
    $('empty').hidden = true;
    $('reply-error').hidden = true;
    renderChats();
    connect();
  };

  const say = async what => {
    $('reply-error').hidden = true;
    try {
      await api(path(state.open) + '/messages', { method: 'POST', body: JSON.stringify(what) });
    } catch (error) {
      $('reply-error').textContent = error.message;
      $('reply-error').hidden = false;
    }
  };

  $('reply').addEventListener('submit', async event => {
    event.preventDefault();
    const text = $('reply-text').value;
    if (!text || !state.open) return;
    $('reply-text').value = '';
    await say({ text });
  });
  $('older').addEventListener('click', async () => {
    if (!state.open || !state.messages.length) return;
    const page = await api(path(state.open) + `?before=${state.messages[0].position}&limit=50`);
    state.messages = [...page.messages, ...state.messages];
    state.more = page.more;
    renderMessages();
    $('older').hidden = !state.more;
    connect();   // the stream now sends as many as the page shows
  });
  $('search').addEventListener('input', () => connect());

  // Campaigns: a funnel per campaign, drawn in SVG, every label set as text.
  const svg = (tag, attributes, text) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = String(text);
    return node;
  };
  const funnel = campaign => {
    const rows = [['messages', campaign.messages, '#8696a0'], ['sent', campaign.sent, '#25d366'], ['delivered', campaign.delivered, '#00a884'],
      ['read', campaign.read, '#53bdeb'], ['failed', campaign.failed, '#d9302c'], ['not yet reported', campaign.queued, '#c0c6ca']];
    const chart = svg('svg', { width: 520, height: rows.length * 26, role: 'img', 'aria-label': 'funnel of ' + campaign.campaign });
    rows.forEach(([label, count, color], i) => {
      const width = campaign.messages ? Math.round(300 * count / campaign.messages) : 0;
      chart.append(svg('text', { x: 0, y: i * 26 + 16 }, label));
      chart.append(svg('rect', { x: 120, y: i * 26 + 4, width, height: 16, fill: color, rx: 3 }));
      const value = svg('text', { x: 128 + width, y: i * 26 + 16, 'data-testid': 'count-' + label.replace(/ /g, '-') }, count);
      chart.append(value);
    });
    return chart;
  };
  const showCampaigns = campaigns => {
    $('campaign-list').replaceChildren(...(campaigns.length ? campaigns.map(campaign => {
      const card = el('section', 'campaign');
      card.dataset.campaign = campaign.campaign;
      card.append(el('h2', null, campaign.campaign));
      card.append(funnel(campaign));
      if (campaign.pastLimit.length) card.append(el('p', 'past', `past a limit (${campaign.pastLimit.length}): ${campaign.pastLimit.join(', ')}`));
      return card;
    }) : [el('p', 'hint', 'No campaign has sent to the sandbox yet.')]));
  };
  const show = campaigns => {
    $('campaigns').hidden = !campaigns;
    document.querySelector('main.inbox').hidden = campaigns;
    $('show-campaigns').className = campaigns ? 'current' : '';
    $('show-chats').className = campaigns ? '' : 'current';
    connect();
  };
  $('show-campaigns').addEventListener('click', () => show(true));
  $('show-chats').addEventListener('click', () => show(false));

  // Live: one stream sends the view after each change, at most once a second under load, so the page reads nothing
  // itself; it asks again (a new stream) when what it shows changes, and after a restart the browser reconnects.
  let events = null;
  const viewUrl = () => {
    const query = new URLSearchParams({ token, limit: '100', search: $('search').value });
    if (state.open) {
      query.set('business', state.open.business);
      query.set('customer', state.open.customer);
      query.set('messages', String(Math.max(50, state.messages.length)));
    }
    if (!$('campaigns').hidden) query.set('campaigns', '1');
    return '/sandbox/inbox/events?' + query;
  };
  const connect = () => {
    if (events) events.close();
    const stream = events = new EventSource(viewUrl());
    stream.addEventListener('open', async () => {
      $('connection').textContent = 'live';
      $('connection').className = 'connection';
      try {
        state.templates = await api('/templates');
        $('messages').replaceChildren();   // drawn again with the templates' previews
        renderMessages();
      } catch (error) {
        $('connection').textContent = 'error: ' + error.message;
      }
    });
    stream.addEventListener('view', event => {
      if (stream === events) showView(JSON.parse(event.data));
    });
    stream.addEventListener('error', () => {
      $('connection').textContent = 'reconnecting…';
      $('connection').className = 'connection down';
    });
  };
  connect();
  setInterval(() => { if (state.open) renderWindow(state.windowOpenUntil); }, 60000);
})();
