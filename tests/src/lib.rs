//! Drives the real Clinicdesk app as a person would: through tauri-driver
//! (which starts WebKitWebDriver and the app) under an X display.
//!
//! Needs `DISPLAY`, `tauri-driver` on PATH and `/usr/bin/WebKitWebDriver`;
//! `make test` provides all three. Missing any of them fails the test: an
//! end-to-end test that quietly skips would prove nothing.

pub mod smtp;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(15);

/// Progress, shown with a failing test's output (libtest captures it).
fn step(what: &str) {
    eprintln!("e2e: {what}");
}

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

/// The app under test: `CLINICDESK_E2E_APP`, or the debug build.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("CLINICDESK_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/debug/clinicdesk"));
    assert!(path.exists(), "{} is missing: build the app first (make test does)", path.display());
    path
}

/// A fresh, empty data folder for one test.
pub fn fresh_data_dir(name: &str) -> PathBuf {
    let dir = workspace().join("target/e2e-data").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One tauri-driver, whose environment (and so the app's) points at one data
/// folder. Every WebDriver session it opens starts the app anew.
pub struct Driver {
    child: Child,
    port: u16,
    /// The app it starts: the build under test, or an installed one.
    app: PathBuf,
}

impl Driver {
    pub fn start(data_dir: &Path) -> Driver {
        Driver::start_with(data_dir, &[])
    }

    /// As `start`, with more environment for the app (e.g. where Stripe is).
    pub fn start_with(data_dir: &Path, env: &[(&str, &str)]) -> Driver {
        Driver::spawn(app_binary(), Some(data_dir), env)
    }

    /// For an installed `app`: no data folder is given, so it uses its own
    /// (under `XDG_DATA_HOME` in `env`), as on a clinic's computer.
    pub fn start_installed(app: &Path, env: &[(&str, &str)]) -> Driver {
        Driver::spawn(app.to_path_buf(), None, env)
    }

    fn spawn(app: PathBuf, data_dir: Option<&Path>, env: &[(&str, &str)]) -> Driver {
        assert!(std::env::var_os("DISPLAY").is_some(), "DISPLAY is not set: run under Xvfb (make test does)");
        let (port, native_port) = (free_port(), free_port());
        let mut command = Command::new("tauri-driver");
        if let Some(dir) = data_dir {
            command.env("CLINICDESK_DATA_DIR", dir);
        }
        let child = command
            // Its own process group, so the WebKitWebDriver it starts is
            // stopped with it, by id.
            .process_group(0)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().copied())
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            // No accessibility bus in a headless session: without this, a
            // role="alert" element can stall WebKit waiting on AT-SPI.
            .env("NO_AT_BRIDGE", "1")
            // Pinned so money reads the same on every machine ("A$45.00").
            // (GTK warns when this locale isn't installed; WebKit uses it anyway.)
            .env("LANG", "en_US.UTF-8")
            .env("LANGUAGE", "en_US")
            .env_remove("LC_ALL")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver could not start: is it installed (cargo install tauri-driver)?");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < TIMEOUT, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port, app }
    }

    /// Starts the app, waits until its UI says it is ready, and unlocks it as
    /// the owner (creating the owner on a new clinic), as most stories begin.
    pub async fn launch(&self) -> App {
        let app = self.launch_locked().await;
        if app.all("#fatal:not([hidden])").await.is_empty() {
            app.unlock_as_owner().await;
        }
        app
    }

    /// Starts the app and waits until its UI is ready: the lock screen (or
    /// the first owner's form), or the page saying why it could not open.
    pub async fn launch_locked(&self) -> App {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": self.app }));
        // tauri-driver accepts connections before WebKitWebDriver behind it is
        // listening; until then a new session fails to connect. Try again.
        // Built beside core, rustls has two providers (see Cargo.toml); the
        // first call wins and later ones change nothing.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let start = Instant::now();
        let client = loop {
            let attempt = ClientBuilder::rustls()
                .expect("tls")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await;
            match attempt {
                Ok(client) => break client,
                Err(e) if start.elapsed() < TIMEOUT => {
                    step(&format!("WebDriver not ready yet ({e}); retrying"));
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("no WebDriver session: {e}"),
            }
        };
        let app = App { client };
        app.wait_for_css("body[data-ready='true'], #fatal:not([hidden])").await;
        app
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: tauri-driver and the WebKitWebDriver it started.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The running app, seen through its window.
pub struct App {
    pub client: Client,
}

/// The owner every story's clinic has.
pub const OWNER: &str = "Olivia Owner";
pub const OWNER_PIN: &str = "2468";

impl App {
    /// Through the lock screen as a person would: on a new clinic the first
    /// owner's form, otherwise the owner's name and PIN.
    pub async fn unlock_as_owner(&self) {
        self.wait_for_css("[data-testid='create-owner'], [data-testid='unlock'], body[data-signed-in]").await;
        if !self.all("[data-testid='create-owner']").await.is_empty() {
            self.fill("Your name", OWNER).await;
            self.fill("PIN (4 to 8 digits)", OWNER_PIN).await;
            self.fill("PIN again", OWNER_PIN).await;
            self.click(&self.css("[data-testid='create-owner']").await).await;
        } else if !self.all("[data-testid='unlock']").await.is_empty() {
            self.sign_in_as(OWNER, OWNER_PIN).await;
            return;
        }
        self.wait_for_css("body[data-signed-in]").await;
    }

    /// Chooses `name` on the lock screen and enters `pin`.
    pub async fn sign_in_as(&self, name: &str, pin: &str) {
        self.wait_for_css("[data-testid='unlock']").await;
        let who = self
            .eval(
                "return [...document.querySelectorAll('.lock-name')].find(b => b.title === arguments[0])?.dataset.testid || null;",
                vec![json!(name)],
            )
            .await;
        let who = who.as_str().unwrap_or_else(|| panic!("{name} is not on the lock screen")).to_string();
        self.click(&self.css(&format!("[data-testid='{who}']")).await).await;
        self.fill("PIN", pin).await;
        self.click(&self.css("[data-testid='unlock']").await).await;
        self.wait_for_css("body[data-signed-in]").await;
    }

    pub async fn quit(self) {
        self.client.close().await.expect("close session");
    }

    pub async fn wait_for_css(&self, css: &str) -> Element {
        step(&format!("wait for {css}"));
        match self.client.wait().at_most(TIMEOUT).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => self.fail(&format!("no element matches {css}: {e}")).await,
        }
    }

    /// Fails the test, keeping what the window showed for the person who
    /// reads the failure: a screenshot and the page's text.
    pub async fn fail(&self, why: &str) -> ! {
        step(&format!("FAILED: {why}"));
        self.screenshot("FAILED").await;
        let text = self.client.execute("return document.body.innerText", vec![]).await.unwrap_or_default();
        let errors = self.client.execute("return window.__errors || []", vec![]).await.unwrap_or_default();
        panic!("{why}\n--- page text ---\n{}\n--- script errors ---\n{errors}", text.as_str().unwrap_or(""));
    }

    pub async fn css(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no element matches {css}: {e}"))
    }

    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap()
    }

    /// The control a person would find by its visible name (label, aria-label).
    pub async fn by_label(&self, label: &str) -> Element {
        let id: Option<String> = self
            .eval(
                "const want = arguments[0];
                 const byAria = [...document.querySelectorAll('[aria-label]')].find(e => e.getAttribute('aria-label') === want);
                 if (byAria) { byAria.dataset.e2e = want; return want; }
                 const label = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === want);
                 const control = label && (label.control || label.querySelector('input,select,textarea'));
                 if (control) { control.dataset.e2e = want; return want; }
                 return null;",
                vec![json!(label)],
            )
            .await
            .as_str()
            .map(str::to_string);
        assert!(id.is_some(), "nothing is labelled {label:?}");
        self.css(&format!("[data-e2e=\"{label}\"]")).await
    }

    /// The button or link whose visible text is exactly `text`.
    pub async fn button(&self, text: &str) -> Element {
        let xpath = format!(
            "//*[(self::button or self::a) and normalize-space(.)='{text}' and not(ancestor-or-self::*[@hidden])]"
        );
        match self.client.wait().at_most(TIMEOUT).for_element(Locator::XPath(&xpath)).await {
            Ok(e) => e,
            Err(e) => self.fail(&format!("no button {text:?}: {e}")).await,
        }
    }

    /// Replaces what a text field holds, as a person would.
    pub async fn fill(&self, label: &str, text: &str) {
        let field = self.by_label(label).await;
        field.clear().await.unwrap();
        if !text.is_empty() {
            field.send_keys(text).await.unwrap();
        }
    }

    pub async fn value(&self, label: &str) -> String {
        self.by_label(label).await.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn eval(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client.execute(script, args).await.expect("script")
    }

    /// Calls a command the way the UI does, for setting the scene quickly
    /// (the thing under test is then clicked through). Panics on an error.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        let result = self
            .client
            .execute(
                "return window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(v => ({ ok: v }), e => ({ err: e }));",
                vec![json!(command), args],
            )
            .await
            .expect("invoke");
        match result.get("ok") {
            Some(v) => v.clone(),
            None => panic!("{command} failed: {result}"),
        }
    }

    /// Waits until `script` (a JS expression) is truthy.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let start = Instant::now();
        let mut last_error = None;
        loop {
            // A script sent while the page unloads fails: not yet, try again
            // (a script that always fails still times out, with its error).
            let v = match self.client.execute(&format!("return Boolean({script});"), vec![]).await {
                Ok(v) => v,
                Err(e) => {
                    last_error = Some(e.to_string());
                    json!(false)
                }
            };
            if v == json!(true) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                let why = last_error.map(|e| format!(" (last script error: {e})")).unwrap_or_default();
                self.fail(&format!("timed out waiting for {what}{why}")).await;
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Waits until the page contains `text` somewhere visible.
    pub async fn wait_for_text(&self, text: &str) {
        step(&format!("wait for text {text:?}"));
        self.wait_until(&format!("text {text:?}"), &format!("document.body.innerText.includes({})", json!(text))).await;
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.css(css).await.text().await.unwrap()
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.all(css).await {
            out.push(e.text().await.unwrap());
        }
        out
    }

    /// Waits for the page to paint what the DOM now holds, then saves a
    /// screenshot of the window to target/screenshots/NAME.png. (Right after
    /// a change the screen can still show the previous frame.)
    pub async fn screenshot(&self, name: &str) {
        step(&format!("screenshot {name}"));
        // Two frames and a moment; bounded, since an unfocused WebKit view
        // may throttle animation frames.
        let painted = self.client.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 120)));",
            vec![],
        );
        if tokio::time::timeout(Duration::from_secs(3), painted).await.is_err() {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let dir = workspace().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{name}.png"));
        // The X server's picture of the window, not WebKitWebDriver's: its
        // snapshot sometimes never answers (seen after the app used the
        // keychain on a test D-Bus session) and then blocks the session.
        self.x11_screenshot(&file).await;
    }

    async fn x11_screenshot(&self, file: &Path) {
        let geometry = tokio::time::timeout(
            Duration::from_secs(3),
            self.client
                .execute("return [window.screenX, window.screenY, window.innerWidth, window.innerHeight]", vec![]),
        )
        .await
        .ok()
        .and_then(Result::ok)
        .and_then(|v| serde_json::from_value::<Vec<i64>>(v).ok())
        .unwrap_or_else(|| vec![0, 0, 1920, 1080]);
        let crop = format!("{}x{}+{}+{}", geometry[2], geometry[3], geometry[0].max(0), geometry[1].max(0));
        let status = Command::new("import")
            .args(["-window", "root", "-crop", &crop])
            .arg(file)
            .status()
            .expect("ImageMagick's import (make test installs it)");
        assert!(status.success(), "import failed for {}", file.display());
    }

    /// Clicks as a person would: scrolled to the middle of the window, so no
    /// sticky bar covers it; radio buttons and checkboxes by their label.
    pub async fn click(&self, element: &Element) {
        step("click");
        if let Err(e) = self.try_click(element).await {
            let what = element.html(false).await.unwrap_or_default();
            self.fail(&format!("could not click {}: {e}", what.chars().take(200).collect::<String>())).await;
        }
    }

    /// Clicks what `css` matches, finding it again when the page drew it anew
    /// between finding and clicking: the day view redraws itself when another
    /// workstation's change arrives, and a person would simply click the slot
    /// that is there now. Any other refusal fails the test.
    pub async fn click_css(&self, css: &str) {
        for _ in 0..5 {
            let element = self.wait_for_css(css).await;
            step("click");
            match self.try_click(&element).await {
                Ok(()) => return,
                Err(e) if !self.is_attached(&element).await => step(&format!("{css} was drawn anew ({e}); again")),
                Err(e) => self.fail(&format!("could not click {css}: {e}")).await,
            }
        }
        self.fail(&format!("{css} was drawn anew five times before it could be clicked")).await;
    }

    async fn is_attached(&self, element: &Element) -> bool {
        let arg = serde_json::to_value(element).unwrap();
        matches!(self.client.execute("return arguments[0].isConnected", vec![arg]).await, Ok(v) if v == json!(true))
    }

    async fn try_click(&self, element: &Element) -> Result<(), fantoccini::error::CmdError> {
        self.client
            .execute(
                "const e = arguments[0]; const target = (e.matches('input[type=radio],input[type=checkbox]') && e.closest('label')) || e;
                 target.scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(element).unwrap()],
            )
            .await?;
        let label = element.find(Locator::XPath("ancestor::label[1]")).await;
        let is_choice = element.attr("type").await?.is_some_and(|t| t == "radio" || t == "checkbox");
        match (is_choice, label) {
            (true, Ok(label)) => label.click().await,
            _ => element.click().await,
        }
    }

    /// Scrolls the front desk's grid to the row at `time` (as "09:00"), as a
    /// person would, and waits until the grid has drawn that row: it draws
    /// only the rows in view.
    pub async fn show_time(&self, time: &str) {
        let pos = self
            .eval(
                "const label = document.querySelector(`.desk-time[data-label=\"${arguments[0]}\"]`);
                 if (!label) return -1;
                 label.scrollIntoView({ block: 'center' });
                 return Number(label.dataset.rowPos);",
                vec![json!(time)],
            )
            .await
            .as_i64()
            .unwrap_or(-1);
        if pos < 0 {
            self.fail(&format!("the day shows no {time} row")).await;
        }
        self.wait_until(
            &format!("the {time} row to be drawn"),
            &format!(
                "(() => {{ const g = document.querySelector('.desk-grid'); \
                 return g && Number(g.dataset.firstRow) <= {pos} && {pos} <= Number(g.dataset.lastRow); }})()"
            ),
        )
        .await;
    }

    /// Opens the booking dialog from the empty slot at `time` and books
    /// `kind` for the patient found by typing `search`; the panel opens.
    pub async fn book(&self, practitioner: i64, time: &str, search: &str, patient: i64, kind: &str) {
        self.show_time(time).await;
        self.click_css(&format!("[data-testid='slot-{practitioner}-{time}']")).await;
        self.wait_for_css("[data-testid='booking-dialog'][open]").await;
        self.fill("Patient", search).await;
        self.click(&self.wait_for_css(&format!("[data-testid='patient-result-{patient}']")).await).await;
        self.wait_for_css("[data-testid='selected-patient']:not([hidden])").await;
        let option = self.option_label(kind).await;
        self.by_label("Appointment type").await.select_by_label(&option).await.unwrap();
        self.click(&self.css("[data-testid='book-button']").await).await;
        self.wait_for_css("[data-testid='appointment-panel']:not([hidden])").await;
    }

    pub async fn close_panel(&self) {
        self.click(&self.css("[data-testid='close-panel']").await).await;
        self.wait_until(
            "the panel to close",
            "!document.querySelector(\"[data-testid='appointment-panel']:not([hidden])\")",
        )
        .await;
    }

    /// The booking dialog's option for the type whose name starts `name`.
    pub async fn option_label(&self, name: &str) -> String {
        let script = "return [...document.querySelectorAll('#appointmentTypeId option')].map(o => o.textContent).find(t => t.startsWith(arguments[0])) || null;";
        self.eval(script, vec![json!(name)])
            .await
            .as_str()
            .unwrap_or_else(|| panic!("no type option {name}"))
            .to_string()
    }

    /// Sets the scene the money stories share, through the commands: the
    /// clinic (Harbourside, Sydney, AUD) open 07:00–20:00 every day, then a
    /// reload so the window sees it. Types, practitioners and patients come
    /// from the helpers below.
    pub async fn set_up_clinic(&self) {
        self.wait_for_text("Your clinic's name, time zone, currency").await;
        self.invoke(
            "save_clinic_settings",
            json!({ "form": { "name": "Harbourside Physiotherapy", "timeZone": "Australia/Sydney", "currency": "AUD" } }),
        )
        .await;
        let days: Vec<_> =
            (1..=7).map(|d| json!({ "weekday": d, "open": true, "opens": "07:00", "closes": "20:00" })).collect();
        self.invoke("save_opening_hours", json!({ "form": { "days": days } })).await;
    }

    /// An appointment type of 30 minutes: `mode` disabled, allowed or
    /// required, taking `rule` (full, fixed, percent) of `value`.
    pub async fn create_type(&self, name: &str, price: &str, mode: &str, rule: &str, value: &str) -> i64 {
        let (fixed, percent) = if rule == "fixed" { (value, "") } else { ("", value) };
        self.invoke(
            "create_appointment_type",
            json!({ "form": { "name": name, "description": "", "durationMinutes": "30", "colour": "#0f766e",
                "price": price, "onlineMode": mode, "amountRule": rule, "fixedAmount": fixed, "percentage": percent,
                "cancellationFee": "", "noShowFee": "" } }),
        )
        .await["id"]
            .as_i64()
            .unwrap()
    }

    pub async fn create_practitioner(&self, name: &str) -> i64 {
        self.invoke("create_practitioner", json!({ "form": { "name": name } })).await["id"].as_i64().unwrap()
    }

    pub async fn create_patient(&self, first: &str, last: &str, email: &str) -> i64 {
        self.invoke(
            "create_patient",
            json!({ "form": { "firstName": first, "lastName": last, "email": email, "phone": "", "dateOfBirth": "",
                              "notes": "" } }),
        )
        .await["id"]
            .as_i64()
            .unwrap()
    }

    /// Reloads the window, as a restart would, and waits until it is ready.
    pub async fn reload(&self) {
        // Reloaded after the script has answered: a reload inside it can
        // unload the page before WebKitWebDriver has the answer.
        self.eval("window.e2eBeforeReload = true; setTimeout(() => location.reload(), 0);", vec![]).await;
        self.wait_until("the window to reload", "!window.e2eBeforeReload && document.body.dataset.ready === 'true'")
            .await;
        self.wait_for_text(&format!("Version {}", env!("CARGO_PKG_VERSION"))).await;
    }

    /// The front desk on tomorrow, with `practitioner`'s column drawn.
    pub async fn front_desk_tomorrow(&self, practitioner: i64) {
        self.click(&self.css("[data-nav='front-desk']").await).await;
        self.wait_for_css("[data-testid='day-grid']").await;
        self.click(&self.css("[data-testid='next-day']").await).await;
        self.wait_for_css(&format!("[data-testid='slot-{practitioner}-09:00']")).await;
    }

    pub async fn press(&self, element: &Element, key: fantoccini::key::Key) {
        let c: char = key.into();
        element.send_keys(&c.to_string()).await.unwrap();
    }
}

/// Every file under `dir`.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A network cable between the app and a server on this computer: a TCP
/// relay on a port of its own, which a test can pull out (every connection
/// through it cut, new ones refused) and plug in again on the same port.
pub struct Cable {
    pub port: u16,
    target: u16,
    /// The relay's tasks: the one accepting, then one per connection.
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Cable {
    /// Plugged in, relaying to `target` on 127.0.0.1.
    pub async fn to(target: u16) -> Cable {
        let mut cable = Cable { port: free_port(), target, tasks: Default::default() };
        cable.plug_in().await;
        cable
    }

    pub async fn plug_in(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("the cable's port");
        let (target, tasks) = (self.target, self.tasks.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let relay = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", target)).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().unwrap().push(relay);
            }
        });
        self.tasks.lock().unwrap().push(accepting);
    }

    /// Every connection through it ends, and new ones are refused.
    pub async fn pull_out(&mut self) {
        let tasks: Vec<_> = self.tasks.lock().unwrap().drain(..).collect();
        for task in tasks {
            // Dropping a relay's streams closes both ends of its connection.
            task.abort();
            let _ = task.await;
        }
    }
}
