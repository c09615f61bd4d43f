/*
 * 冠县政策问答 widget. Add to any county page:
 *   <script src="https://<guanbot host>/widget.js" defer></script>
 * It adds a floating button that opens the chat in a panel (an iframe of this
 * server's chat page, so the host page's styles and scripts never mix with it).
 */
(function () {
  'use strict';
  // Loaded twice by a host page: one launcher only.
  var page = /** @type {Window & { __guanbotWidget?: boolean }} */ (window);
  if (page.__guanbotWidget) return;
  page.__guanbotWidget = true;

  // The server fills the slot with the widget.* text from web.yaml.
  var TEXT = /** @type {Record<'widget.open' | 'widget.openLabel' | 'widget.frameTitle' | 'widget.closeLabel', string>} */ (/*{{json:ui}}*/ {});
  var script = document.currentScript;
  var base = new URL('./', script instanceof HTMLScriptElement && script.src ? script.src : location.href).href;
  var origin = new URL(base).origin;

  /**
   * @param {string} tag
   * @param {Record<string, string>} attrs
   * @returns {HTMLElement}
   */
  function make(tag, attrs) {
    var node = document.createElement(tag);
    for (var key in attrs) {
      var value = attrs[key];
      if (value !== undefined) node.setAttribute(key, value);
    }
    return node;
  }

  function mount() {
    var host = make('div', { id: 'guanbot-widget' });
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var style = make('link', { rel: 'stylesheet', href: base + 'assets/widget.css' });

    var button = make('button', { type: 'button', class: 'gb-launcher', 'aria-expanded': 'false', 'aria-controls': 'gb-panel', 'aria-label': TEXT['widget.openLabel'], hidden: '' });
    var face = make('img', { src: base + 'assets/avatars/xiaoli.svg', alt: '', width: '40', height: '40' });
    var label = make('span', { class: 'gb-launcher__label' });
    label.textContent = TEXT['widget.open'];
    button.appendChild(face);
    button.appendChild(label);

    var panel = make('div', { id: 'gb-panel', class: 'gb-panel', role: 'dialog', 'aria-labelledby': 'gb-title', hidden: '' });
    var bar = make('div', { class: 'gb-bar' });
    var pair = make('span', { class: 'gb-bar__faces', 'aria-hidden': 'true' });
    pair.appendChild(make('img', { src: base + 'assets/avatars/xiaoli.svg', alt: '', width: '28', height: '28' }));
    pair.appendChild(make('img', { src: base + 'assets/avatars/xiaozhi.svg', alt: '', width: '28', height: '28' }));
    var title = make('span', { id: 'gb-title', class: 'gb-bar__title' });
    title.textContent = TEXT['widget.frameTitle'];
    var close = make('button', { type: 'button', class: 'gb-close', 'aria-label': TEXT['widget.closeLabel'] });
    close.textContent = '×';
    bar.appendChild(pair);
    bar.appendChild(title);
    bar.appendChild(close);
    panel.appendChild(bar);
    /** @type {HTMLElement | null} */
    var frame = null;

    function open() {
      if (!frame) {
        frame = make('iframe', { class: 'gb-frame', title: TEXT['widget.frameTitle'], src: base + '?embed=1' });
        panel.appendChild(frame);
      }
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      button.classList.add('gb-launcher--open');
      frame.focus();
    }
    function shut() {
      if (panel.hidden) return;
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.classList.remove('gb-launcher--open');
      button.focus();
    }

    button.addEventListener('click', function () {
      if (panel.hidden) open();
      else shut();
    });
    close.addEventListener('click', shut);
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') shut();
    });
    window.addEventListener('message', function (event) {
      if (event.origin === origin && event.data && event.data.guanbot === 'close') shut();
    });
    style.addEventListener('load', function () {
      button.hidden = false;
    });

    root.appendChild(style);
    root.appendChild(panel);
    root.appendChild(button);
    document.body.appendChild(host);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
