use pubsub_fanout::{Hub, Message, Received, Subscription};
use std::time::Duration;

#[track_caller]
fn check<E, G>(did: &str, expected: E, got: G)
where
    E: std::fmt::Debug,
    G: std::fmt::Debug + PartialEq<E>,
{
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn message(topic: &str, payload: &str) -> Option<Received> {
    Some(Received::Message(Message {
        topic: topic.into(),
        payload: payload.into(),
    }))
}

/// The next thing `subscription` receives; fails if nothing comes within 2 s.
async fn next(subscription: &mut Subscription, did: &str) -> Option<Received> {
    tokio::time::timeout(Duration::from_secs(2), subscription.recv())
        .await
        .unwrap_or_else(|_| {
            panic!("\ndid:      {did}\nexpected: recv() to return\ngot:      nothing within 2 s\n")
        })
}

/// Everything left in `subscription` once the hub is gone.
async fn drain(subscription: &mut Subscription, did: &str) -> Vec<Received> {
    let mut all = vec![];
    while let Some(received) = next(subscription, did).await {
        all.push(received);
    }
    all
}

#[tokio::test]
async fn a_subscriber_receives_what_is_published_on_its_topic() {
    let hub = Hub::new(16);
    let mut prices = hub.subscribe("prices");
    hub.publish("prices", "BTC 61200");
    let did = "subscribed to prices, published BTC 61200 on prices, then recv()";
    check(
        did,
        message("prices", "BTC 61200"),
        next(&mut prices, did).await,
    );
}

#[tokio::test]
async fn every_subscriber_gets_every_message_in_order() {
    let hub = Hub::new(16);
    let mut subscribers = [
        hub.subscribe("prices"),
        hub.subscribe("prices"),
        hub.subscribe("prices"),
    ];
    for payload in ["BTC 61200", "ETH 2410", "BTC 61150"] {
        hub.publish("prices", payload);
    }
    drop(hub);
    for (i, subscriber) in subscribers.iter_mut().enumerate() {
        let did = format!(
            "3 subscribers to prices, published 3 prices, dropped the hub: everything subscriber {i} received"
        );
        let got = drain(subscriber, &did).await;
        check(
            &did,
            vec![
                message("prices", "BTC 61200"),
                message("prices", "ETH 2410"),
                message("prices", "BTC 61150"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
            got,
        );
    }
}

#[tokio::test]
async fn subscribers_only_see_their_own_topic() {
    let hub = Hub::new(16);
    let mut prices = hub.subscribe("prices");
    let mut orders = hub.subscribe("orders");
    let mut prefix = hub.subscribe("price");
    hub.publish("orders", "order 881 placed");
    hub.publish("prices", "ETH 2410");
    drop(hub);
    let did =
        "subscribed to prices, orders and price, published on orders then prices, dropped the hub";
    check(
        &format!("{did}: what prices got"),
        vec![message("prices", "ETH 2410").unwrap()],
        drain(&mut prices, did).await,
    );
    check(
        &format!("{did}: what orders got"),
        vec![message("orders", "order 881 placed").unwrap()],
        drain(&mut orders, did).await,
    );
    check(
        &format!("{did}: what price got"),
        vec![],
        drain(&mut prefix, did).await,
    );
}

#[tokio::test]
async fn publish_reports_how_many_subscribers_it_reached() {
    let hub = Hub::new(16);
    check(
        "publish on a topic nobody ever subscribed to",
        0,
        hub.publish("audit", "login ok"),
    );
    let first = hub.subscribe("audit");
    let _second = hub.subscribe("audit");
    check(
        "publish on a topic with 2 subscribers",
        2,
        hub.publish("audit", "login ok"),
    );
    drop(first);
    check(
        "one subscriber left, publish",
        1,
        hub.publish("audit", "logout"),
    );
    drop(_second);
    check(
        "every subscriber left, publish",
        0,
        hub.publish("audit", "logout"),
    );
}

#[tokio::test]
async fn a_late_subscriber_only_gets_later_messages() {
    let hub = Hub::new(16);
    let _early = hub.subscribe("prices");
    hub.publish("prices", "BTC 61200");
    let mut late = hub.subscribe("prices");
    hub.publish("prices", "BTC 61300");
    drop(hub);
    let did = "published BTC 61200, subscribed, published BTC 61300, dropped the hub: what the late subscriber got";
    check(
        did,
        vec![message("prices", "BTC 61300").unwrap()],
        drain(&mut late, did).await,
    );
}

#[tokio::test]
async fn a_slow_subscriber_does_not_hold_up_the_others() {
    let hub = Hub::new(4);
    let mut fast = hub.subscribe("prices");
    let mut slow = hub.subscribe("prices");
    for i in 1..=10 {
        let payload = format!("tick {i}");
        check(
            &format!("publish {payload:?} with a slow subscriber 4+ behind"),
            2,
            hub.publish("prices", &payload),
        );
        let did = format!("published {payload:?}, then recv() on the fast subscriber");
        check(
            &did,
            message("prices", &payload),
            next(&mut fast, &did).await,
        );
    }
    drop(hub);
    let did = "capacity 4, published tick 1 to tick 10 while the slow subscriber read nothing, dropped the hub: what it got";
    let mut expected = vec![Received::Lagged { missed: 6 }];
    expected.extend((7..=10).filter_map(|i| message("prices", &format!("tick {i}"))));
    check(did, expected, drain(&mut slow, did).await);
}

#[tokio::test]
async fn a_subscription_ends_when_the_hub_is_dropped() {
    let hub = Hub::new(16);
    let mut subscription = hub.subscribe("prices");
    let reader = tokio::spawn(async move { subscription.recv().await });
    tokio::task::yield_now().await; // most likely the reader is waiting now; either way it must end
    drop(hub);
    let got = tokio::time::timeout(Duration::from_secs(2), reader)
        .await
        .expect("\ndid:      dropped the hub while a subscriber waited in recv()\nexpected: recv() to return None\ngot:      nothing within 2 s\n")
        .expect("the reading task panicked");
    check(
        "dropped the hub while a subscriber waited in recv()",
        None,
        got,
    );
}
