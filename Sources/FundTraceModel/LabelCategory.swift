/// FundTrace's small taxonomy of what an address is, so labels from many
/// providers (GraphSense TagPacks, Etherscan, OFAC, Forta, plain CSV) can be
/// compared and a trace can decide where to stop.
///
/// Providers' own categories are kept beside the mapped one; see
/// ``init(sourceCategory:)`` for the mapping.
public enum LabelCategory: String, CaseIterable, Sendable, Codable {
    /// A centralised exchange's own wallets (hot, cold, fee collectors).
    case exchange
    /// An address an exchange assigned to one customer; it sweeps to the
    /// exchange's hot wallets. The address a freeze request names.
    case exchangeDeposit = "exchange_deposit"
    /// A mixer pool or CoinJoin coordinator (Tornado Cash, Blender, Wasabi …).
    case mixer
    /// A cross-chain bridge contract or custodian.
    case bridge
    /// A decentralised exchange router or pool.
    case dex
    /// Other DeFi contracts (lending, staking, vaults).
    case defi
    /// On a sanctions list (OFAC SDN and similar).
    case sanctioned
    /// Controlled by a thief, exploiter or hacker.
    case perpetrator
    /// A victim of a theft.
    case victim
    /// Phishing, fraud, ponzi, ransomware.
    case scam
    /// Mining pools and block producers.
    case miner
    case gambling
    /// Payment processors, wallets, markets and other custodial services.
    case service
    /// Anything else a provider labelled.
    case other

    /// Which category decides when an address carries several: the one that
    /// matters most to a trace (a sanctioned Tornado Cash pool is a mixer first).
    public static let tracePrecedence: [LabelCategory] = [.mixer, .bridge, .sanctioned, .exchangeDeposit, .exchange, .perpetrator,
                                                          .scam, .dex, .defi, .miner, .gambling, .service, .victim, .other]

    /// The order in which an address's labels are shown: who controls it
    /// first (a named perpetrator, an exchange's deposit address), broad lists
    /// (sanctions) after the specific labels they share an address with.
    public static let displayPrecedence: [LabelCategory] = [.perpetrator, .exchangeDeposit, .exchange, .mixer, .bridge, .dex, .defi,
                                                            .scam, .sanctioned, .miner, .gambling, .service, .victim, .other]

    /// Position in ``displayPrecedence``.
    public var displayRank: Int { Self.displayPrecedence.firstIndex(of: self)! }

    /// Position in ``tracePrecedence`` (lower decides).
    public var traceRank: Int { Self.tracePrecedence.firstIndex(of: self)! }

    /// Maps a provider's category or tag (case-insensitive, `-`/`_`/spaces
    /// equivalent) to the taxonomy; unknown names map to ``other``.
    public init(sourceCategory raw: String) {
        let s = String(raw.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        if let exact = LabelCategory(rawValue: s) { self = exact; return }
        if let mapped = Self.synonyms[s] { self = mapped; return }
        if Self.exchangeNames.contains(s) { self = .exchange; return }
        if s.hasSuffix("_deposit") && Self.exchangeNames.contains(String(s.dropLast(8))) { self = .exchangeDeposit; return }
        self = .other
    }

    static let synonyms: [String: LabelCategory] = [
        "exchanges": .exchange, "cex": .exchange, "exchange_wallet": .exchange, "hot_wallet": .exchange,
        "deposit": .exchangeDeposit, "deposit_address": .exchangeDeposit,
        "mixing_service": .mixer, "mixing": .mixer, "coinjoin": .mixer, "tornado_cash": .mixer, "tornado": .mixer,
        "ethereum_mixer": .mixer, "privacy": .mixer, "mixers": .mixer,
        "bridges": .bridge, "wormhole": .bridge, "multichain": .bridge, "hop_protocol": .bridge, "across_protocol": .bridge,
        "synapse": .bridge, "celer_network": .bridge, "stargate": .bridge, "layerzero": .bridge, "cross_chain": .bridge,
        "defi_dex": .dex, "uniswap": .dex, "sushiswap": .dex, "kyberswap": .dex, "balancer": .dex, "curve_fi": .dex,
        "0x_protocol": .dex, "bancor": .dex, "1inch": .dex, "dex_aggregator": .dex,
        "defi_lending": .defi, "lending": .defi, "aave": .defi, "compound": .defi, "staking": .defi, "yield_farming": .defi,
        "vaults": .defi, "loans": .defi, "lido": .defi,
        "sanction": .sanctioned, "sanctions": .sanctioned, "ofac": .sanctioned, "ofac_sanctions_lists": .sanctioned,
        // Etherscan's `blocked` tag is not a sanction (it holds the null address and token contracts): it stays `other`.
        "ofac_sdn": .sanctioned, "sdn": .sanctioned, "black_list": .sanctioned, "blacklist": .sanctioned,
        "hacker": .perpetrator, "hack": .perpetrator, "exploit": .perpetrator, "exploiter": .perpetrator, "heist": .perpetrator,
        "thief": .perpetrator, "attacker": .perpetrator, "phish_hack": .perpetrator, "theft": .perpetrator,
        "service_hack": .perpetrator, "hacks": .perpetrator, "exploits": .perpetrator,
        "phishing": .scam, "fraud": .scam, "ponzi": .scam, "ponzi_scheme": .scam, "ransomware": .scam, "scamming": .scam,
        "sextortion": .scam, "fake_phishing": .scam, "abuse": .scam, "investment_fraud": .scam, "pyramid_scheme": .scam,
        "mining": .miner, "mining_pool": .miner, "mev_builder": .miner, "proposer_fee_recipient": .miner,
        "casino": .gambling,
        "wallet_service": .service, "payment_processor": .service, "payments": .service, "market": .service,
        "marketplace": .service, "custodian": .service,
    ]

    /// Etherscan's and GraphSense's slugs for exchanges, which label the
    /// exchange itself rather than the category.
    static let exchangeNames: Set<String> = [
        "binance", "coinbase", "kraken", "okx", "okex", "huobi", "htx", "kucoin", "bitfinex", "upbit", "changenow",
        "gate_io", "gateio", "crypto_com", "cryptocom", "ftx", "gemini", "bitstamp", "poloniex", "bittrex", "bithumb",
        "bybit", "bitget", "mexc", "deribit", "bitmex", "swissborg", "hitbtc", "bitflyer", "coinone", "korbit",
        "bitpanda", "liquid", "zb_com", "bitmart", "coinex", "lbank", "whitebit", "exmo", "yobit", "cex_io", "bitvavo",
    ]
}
