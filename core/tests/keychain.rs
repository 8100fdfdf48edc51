//! The real OS keychain (on Linux the Secret Service). scripts/test.sh runs the
//! tests inside a D-Bus session with an unlocked gnome-keyring; without one
//! these tests fail rather than pass against a pretend store.

use clinicdesk_core::secrets::{keychain_user, KeyringStore, SecretStore, StripeSecret};

#[test]
fn the_keyring_crate_uses_the_platform_store_not_its_memory_mock() {
    assert!(
        KeyringStore::is_platform_store(),
        "keyring was built without its platform store: secrets would be forgotten at exit"
    );
}

#[test]
fn stores_reads_replaces_and_deletes_in_the_real_keychain() {
    let user = keychain_user(&format!("test-{}", uuid::Uuid::new_v4()));
    let first = StripeSecret::try_from(format!("sk_test_{}", "A1".repeat(16))).unwrap();
    let second = StripeSecret::try_from(format!("rk_test_{}", "B2".repeat(16))).unwrap();
    let store = KeyringStore;
    assert_eq!(store.get(&user).expect("keychain reachable (run scripts/test.sh)"), None);
    store.set(&user, &first).unwrap();
    // A second handle, as after a restart, reads what the first wrote.
    assert_eq!(KeyringStore.get(&user).unwrap(), Some(first.clone()));
    store.set(&user, &second).unwrap();
    assert_eq!(KeyringStore.get(&user).unwrap(), Some(second));
    store.delete(&user).unwrap();
    assert_eq!(KeyringStore.get(&user).unwrap(), None);
    store.delete(&user).expect("deleting what is gone is fine");
    // Two clinic databases never share an entry.
    let other = keychain_user("another-database");
    store.set(&user, &first).unwrap();
    assert_eq!(store.get(&other).unwrap(), None);
    store.delete(&user).unwrap();
}

#[test]
fn the_mail_password_has_its_own_entry_beside_the_stripe_key() {
    use clinicdesk_core::secrets::{mail_keychain_user, SecretText};
    let database = format!("test-{}", uuid::Uuid::new_v4());
    let (stripe, mail) = (keychain_user(&database), mail_keychain_user(&database));
    let key = StripeSecret::try_from(format!("sk_test_{}", "C3".repeat(16))).unwrap();
    let password = SecretText::new("pässword with spaces & symbols!".into());
    KeyringStore.set(&stripe, &key).unwrap();
    KeyringStore.set_text(&mail, &password).unwrap();
    assert_eq!(KeyringStore.get_text(&mail).unwrap(), Some(password));
    assert_eq!(KeyringStore.get(&stripe).unwrap(), Some(key), "the Stripe key is untouched");
    assert_eq!(KeyringStore.get(&mail).unwrap(), None, "a password is never read as a Stripe key");
    KeyringStore.delete(&mail).unwrap();
    KeyringStore.delete(&stripe).unwrap();
}
