// Once the page has loaded, tell the Rust side: the bench's "interactive".
window.__TAURI__.core.invoke('ready');
