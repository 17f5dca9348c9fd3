<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs_CZ">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {name}</source>
        <translation>O aplikaci {name}</translation>
    </message>
    <message>
        <source>It includes the components listed below, each under its own licence.</source>
        <translation>Obsahuje níže uvedené komponenty, každou pod její vlastní licencí.</translation>
    </message>
    <message>
        <source>Log files: {folder}</source>
        <translation>Soubory záznamu: {folder}</translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation>Licence komponent třetích stran</translation>
    </message>
</context>
<context>
    <name>BitrateGraph</name>
    <message>
        <source>{value} kbps</source>
        <extracomment>How much history the graph shows, seconds. A silence longer than this between two samples breaks the line. How many streams&apos; histories are kept while another one is shown.</extracomment>
        <translation>{value} kb/s</translation>
    </message>
    <message>
        <source>{value} Mbps</source>
        <translation>{value} Mb/s</translation>
    </message>
    <message>
        <source>{whole}.{tenths} Mbps</source>
        <translation>{whole},{tenths} Mb/s</translation>
    </message>
    <message>
        <source>Bitrate over the last five minutes</source>
        <translation>Datový tok za posledních pět minut</translation>
    </message>
    <message>
        <source>No bitrate yet.</source>
        <translation>Zatím žádný datový tok.</translation>
    </message>
    <message>
        <source>No bitrate right now.</source>
        <translation>Momentálně žádný datový tok.</translation>
    </message>
    <message>
        <source>Now {now}, peak {peak}.</source>
        <translation>Nyní {now}, špička {peak}.</translation>
    </message>
    <message>
        <source>5 min ago</source>
        <translation>před 5 min</translation>
    </message>
    <message>
        <source>No bitrate yet</source>
        <translation>Zatím žádný datový tok</translation>
    </message>
    <message>
        <source>now {rate}</source>
        <translation>nyní {rate}</translation>
    </message>
</context>
<context>
    <name>ComprimatoClient</name>
    <message>
        <source>the answer was empty</source>
        <extracomment>Statuses after which an idempotent request is worth repeating. Redirects that are followed (within the API&apos;s origin) before giving up. Longest server message shown to the user; the rest is cut. Fields of an error body that may carry the server&apos;s sentence, in order of preference. Longest answer read, in bytes: a list of 10,000 streams is about 2 MiB. Longest one attempt may take in all (connecting, sending, the whole answer), in seconds: the read timeout alone would let an answer trickling a byte a second last forever. Ids that are URL dot-segments: the HTTP library removes them, so ``DELETE /streams/..`` would become ``DELETE /`` of the whole collection. Where Linux distributions keep their CA bundle, for an OpenSSL whose own default location is missing (a bundled OpenSSL built elsewhere, say).</extracomment>
        <translation>odpověď byla prázdná</translation>
    </message>
    <message>
        <source>the answer is nested too deeply</source>
        <translation>odpověď je příliš hluboce vnořená</translation>
    </message>
    <message>
        <source>the answer is not valid JSON</source>
        <translation>odpověď není platný JSON</translation>
    </message>
    <message>
        <source>creating streams</source>
        <translation>vytváření streamů</translation>
    </message>
    <message>
        <source>listing streams</source>
        <translation>výpis streamů</translation>
    </message>
    <message>
        <source>reading one stream</source>
        <translation>čtení jednoho streamu</translation>
    </message>
    <message>
        <source>deleting streams</source>
        <translation>mazání streamů</translation>
    </message>
    <message>
        <source>No stream id was given.</source>
        <translation>Nebylo zadáno ID streamu.</translation>
    </message>
    <message>
        <source>Pass the id shown by `{command}`.</source>
        <translation>Zadejte ID, které ukazuje `{command}`.</translation>
    </message>
    <message>
        <source>{id} is not a stream id.</source>
        <translation>{id} není id streamu.</translation>
    </message>
    <message>
        <source>HTTP {status}: no stream endpoint at this address</source>
        <translation>HTTP {status}: na této adrese není rozhraní pro streamy</translation>
    </message>
    <message>
        <source>the server answered HTTP {status}</source>
        <translation>server odpověděl HTTP {status}</translation>
    </message>
    <message>
        <source>the answer took too long</source>
        <translation>odpověď trvala příliš dlouho</translation>
    </message>
    <message>
        <source>a redirect to an unreadable address</source>
        <translation>přesměrování na nečitelnou adresu</translation>
    </message>
    <message>
        <source>more than {count} redirects</source>
        <translation>více než {count} přesměrování</translation>
    </message>
    <message>
        <source>the answer stopped arriving</source>
        <translation>odpověď přestala přicházet</translation>
    </message>
    <message>
        <source>the answer was cut short</source>
        <translation>odpověď byla useknutá</translation>
    </message>
    <message>
        <source>the answer was too large</source>
        <translation>odpověď byla příliš velká</translation>
    </message>
    <message>
        <source>no connection could be made</source>
        <translation>nepodařilo se navázat spojení</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>žádná odpověď včas</translation>
    </message>
    <message>
        <source>the connection broke before an answer</source>
        <translation>spojení se přerušilo před odpovědí</translation>
    </message>
    <message>
        <source>expected a JSON object for a stream</source>
        <translation>očekáván objekt JSON se streamem</translation>
    </message>
    <message>
        <source>the stream has no usable {field}</source>
        <translation>stream nemá použitelné pole {field}</translation>
    </message>
    <message>
        <source>expected a JSON array of streams</source>
        <translation>očekáváno pole JSON se streamy</translation>
    </message>
</context>
<context>
    <name>ComprimatoError</name>
    <message>
        <source>Comprimato rejected the API key (HTTP {status}).</source>
        <translation>Comprimato odmítlo klíč API (HTTP {status}).</translation>
    </message>
    <message>
        <source>Enter a valid API key in Settings, or set COMPRIMATO_API_KEY.</source>
        <translation>Zadejte platný klíč API v Nastavení, nebo nastavte proměnnou COMPRIMATO_API_KEY.</translation>
    </message>
    <message>
        <source>Comprimato has no stream {stream_id}.</source>
        <extracomment>Not a Comprimato or network failure: the id names nothing (a typo, or deleted).</extracomment>
        <translation>Comprimato nemá stream {stream_id}.</translation>
    </message>
    <message>
        <source>This Comprimato API does not offer {what} (HTTP {status}).</source>
        <translation>Toto API Comprimata nenabízí {what} (HTTP {status}).</translation>
    </message>
    <message>
        <source>Your streams are still kept on this computer.</source>
        <translation>Vaše streamy zůstávají uložené v tomto počítači.</translation>
    </message>
    <message>
        <source>Wait for {seconds} s and try again.</source>
        <translation>Počkejte {seconds} s a zkuste to znovu.</translation>
    </message>
    <message>
        <source>Wait and try again.</source>
        <translation>Chvíli počkejte a zkuste to znovu.</translation>
    </message>
    <message>
        <source>Comprimato is limiting requests right now.</source>
        <translation>Comprimato právě omezuje počet požadavků.</translation>
    </message>
    <message>
        <source>Comprimato answered with an error (HTTP {status}): {detail}.</source>
        <translation>Comprimato odpovědělo chybou (HTTP {status}): {detail}.</translation>
    </message>
    <message>
        <source>Comprimato answered with an error (HTTP {status}).</source>
        <translation>Comprimato odpovědělo chybou (HTTP {status}).</translation>
    </message>
    <message>
        <source>Try again in a moment; if it persists, check Comprimato&apos;s status page.</source>
        <translation>Za chvíli to zkuste znovu; pokud potíže trvají, podívejte se na stavovou stránku Comprimata.</translation>
    </message>
    <message>
        <source>Nothing answers at {host}: the sandbox (or other server) at that address on this computer is not running.</source>
        <translation>Na adrese {host} nic neodpovídá: sandbox (ani jiný server) na této adrese na tomto počítači neběží.</translation>
    </message>
    <message>
        <source>Start the sandbox with {command} (it prints the address and key to use), choose &apos;Try it with the sandbox&apos; in the window, or correct the API address.</source>
        <translation>Spusťte sandbox příkazem {command} (vypíše adresu a klíč, které použít), v okně zvolte „Vyzkoušet v sandboxu“, nebo opravte adresu API.</translation>
    </message>
    <message>
        <source>Cannot reach Comprimato at {host}.</source>
        <translation>Comprimato na adrese {host} není dostupné.</translation>
    </message>
    <message>
        <source>Check your internet connection and the API address in Settings.</source>
        <translation>Zkontrolujte připojení k internetu a adresu API v Nastavení.</translation>
    </message>
    <message>
        <source>The certificate of {host} is not from an authority this computer trusts.</source>
        <extracomment>OpenSSL&apos;s verification codes (``X509_V_ERR_*``) for each kind of certificate problem.</extracomment>
        <translation>Certifikát serveru {host} nevydala autorita, které tento počítač důvěřuje.</translation>
    </message>
    <message>
        <source>Behind a company proxy? Add its CA certificate to the system (or name it in SSL_CERT_FILE); otherwise check the API address in Settings.</source>
        <translation>Jste za firemní proxy? Přidejte její certifikát CA do systému (nebo ho uveďte v SSL_CERT_FILE); jinak zkontrolujte adresu API v Nastavení.</translation>
    </message>
    <message>
        <source>The certificate of {host} has expired.</source>
        <translation>Certifikátu serveru {host} vypršela platnost.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date and time; if they are right, the server must renew it.</source>
        <translation>Zkontrolujte datum a čas tohoto počítače; pokud jsou správné, musí server certifikát obnovit.</translation>
    </message>
    <message>
        <source>The certificate of {host} is not valid yet.</source>
        <translation>Certifikát serveru {host} ještě není platný.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date and time.</source>
        <translation>Zkontrolujte datum a čas tohoto počítače.</translation>
    </message>
    <message>
        <source>The certificate at {host} was made for another address.</source>
        <translation>Certifikát na adrese {host} byl vystaven pro jinou adresu.</translation>
    </message>
    <message>
        <source>Check the API address in Settings; a proxy in the way can also cause this.</source>
        <translation>Zkontrolujte adresu API v Nastavení; příčinou může být i proxy v cestě.</translation>
    </message>
    <message>
        <source>The certificate of {host} was refused ({detail}).</source>
        <translation>Certifikát serveru {host} byl odmítnut ({detail}).</translation>
    </message>
    <message>
        <source>Check the API address in Settings and this computer&apos;s date and time.</source>
        <translation>Zkontrolujte adresu API v Nastavení a datum a čas tohoto počítače.</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>neznámý důvod</translation>
    </message>
    <message>
        <source>Comprimato at {host} did not answer in time.</source>
        <translation>Comprimato na adrese {host} neodpovědělo včas.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, check your connection.</source>
        <translation>Zkuste to znovu; pokud se to opakuje, zkontrolujte připojení.</translation>
    </message>
    <message>
        <source>This connection to Comprimato was closed (the program is quitting or changing accounts), so nothing was sent.</source>
        <translation>Toto spojení s Comprimatem bylo uzavřeno (program se ukončuje nebo mění účet), proto nebylo nic odesláno.</translation>
    </message>
    <message>
        <source>Try again once the program is ready.</source>
        <translation>Zkuste to znovu, až bude program připraven.</translation>
    </message>
    <message>
        <source>Comprimato&apos;s answer was not understood ({why}).</source>
        <translation>Odpovědi Comprimata nebylo možné porozumět ({why}).</translation>
    </message>
    <message>
        <source>Check that the API address in Settings points to Comprimato.</source>
        <translation>Zkontrolujte, že adresa API v Nastavení vede na Comprimato.</translation>
    </message>
    <message>
        <source>The create request was sent, but its answer could not be read ({cause}).</source>
        <translation>Požadavek na vytvoření byl odeslán, ale jeho odpověď nešlo přečíst ({cause}).</translation>
    </message>
    <message>
        <source>The create request was sent, but no answer came back ({cause}).</source>
        <translation>Požadavek na vytvoření byl odeslán, ale nepřišla žádná odpověď ({cause}).</translation>
    </message>
    <message>
        <source>It was not repeated, to avoid a duplicate; refresh your streams to see whether it was made.</source>
        <translation>Aby nevznikl duplikát, nebyl zopakován; obnovte seznam streamů a uvidíte, zda byl stream vytvořen.</translation>
    </message>
    <message>
        <source>The API key is empty or contains characters that cannot be sent (spaces, line breaks or non-ASCII letters).</source>
        <translation>Klíč API je prázdný nebo obsahuje znaky, které nelze odeslat (mezery, konce řádků nebo písmena s diakritikou).</translation>
    </message>
    <message>
        <source>Copy the key again from your Comprimato account, without surrounding text.</source>
        <translation>Zkopírujte klíč znovu ze svého účtu Comprimato, bez okolního textu.</translation>
    </message>
    <message>
        <source>The Comprimato API address {address} has port {port}; ports go from 1 to 65535.</source>
        <translation>Adresa API Comprimata {address} má port {port}; porty jsou od 1 do 65535.</translation>
    </message>
    <message>
        <source>The Comprimato API address {address} is not an http:// or https:// URL.</source>
        <translation>Adresa API Comprimata {address} není adresa http:// ani https://.</translation>
    </message>
    <message>
        <source>Use an address such as {example}.</source>
        <translation>Použijte adresu jako {example}.</translation>
    </message>
    <message>
        <source>The API address uses plain http:// to {host}: the API key would cross the network unencrypted, so nothing was sent.</source>
        <translation>Adresa API používá k {host} nešifrované http://: klíč API by šel sítí nezašifrovaný, proto nebylo nic odesláno.</translation>
    </message>
    <message>
        <source>Use its https:// address; plain http:// is only for this computer (127.0.0.1 or localhost).</source>
        <translation>Použijte jeho adresu https://; nešifrované http:// je jen pro tento počítač (127.0.0.1 nebo localhost).</translation>
    </message>
    <message>
        <source>Comprimato at {host} sent an answer larger than {limit} MiB; it was not read.</source>
        <translation>Comprimato na {host} poslalo odpověď větší než {limit} MiB; nebyla přečtena.</translation>
    </message>
    <message>
        <source>Comprimato at {host} redirected the request to {target}; it was not followed, so your API key was not sent there.</source>
        <translation>Comprimato na adrese {host} přesměrovalo požadavek na {target}; přesměrování nebylo následováno, takže tam váš klíč API odeslán nebyl.</translation>
    </message>
    <message>
        <source>If that address is right, enter it as the API address in Settings.</source>
        <translation>Pokud je ta adresa správná, zadejte ji v Nastavení jako adresu API.</translation>
    </message>
    <message>
        <source>Check the id with &apos;{command}&apos; (its first 8 characters are enough), or create a new stream.</source>
        <translation>Ověřte ID příkazem „{command}“ (stačí jeho prvních 8 znaků), nebo vytvořte nový stream.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;OK</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>{name}: unexpected error</source>
        <translation>{name}: neočekávaná chyba</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Chyba</translation>
    </message>
    <message>
        <source>This is a fault in the program, not something you did. You can keep working; if it happens again, copy the details and send them to us with a line about what you were doing. Secrets such as keys and passwords are removed from them.</source>
        <translation>Jde o chybu v programu, ne o nic, co jste udělali. Můžete pracovat dál; pokud se to stane znovu, zkopírujte podrobnosti a pošlete nám je s řádkem o tom, co jste zrovna dělali. Tajné údaje, jako jsou klíče a hesla, jsou z nich odstraněny.</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>Zobrazit &amp;podrobnosti</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Podrobnosti chyby</translation>
    </message>
    <message>
        <source>&amp;Copy Details</source>
        <translation>&amp;Kopírovat podrobnosti</translation>
    </message>
    <message>
        <source>Something went wrong inside {name} ({count} times).</source>
        <translation>V aplikaci {name} se něco pokazilo ({count}×).</translation>
    </message>
    <message>
        <source>Something went wrong inside {name}.</source>
        <translation>V aplikaci {name} se něco pokazilo.</translation>
    </message>
    <message>
        <source>Hide &amp;details</source>
        <translation>Skrýt &amp;podrobnosti</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Zkopírováno</translation>
    </message>
    <message>
        <source>Copies the error details, without secrets</source>
        <translation>Zkopíruje podrobnosti o chybě, bez tajných údajů</translation>
    </message>
</context>
<context>
    <name>GoLive</name>
    <message>
        <source>stream &apos;{name}&apos; ({id})</source>
        <translation>stream „{name}“ ({id})</translation>
    </message>
    <message>
        <source>stream {id}</source>
        <translation>stream {id}</translation>
    </message>
    <message>
        <source>another stream of this program</source>
        <translation>jiný stream tohoto programu</translation>
    </message>
    <message>
        <source>This program is not connected to OBS.</source>
        <extracomment>What go_live does with OBS&apos;s output settings: nothing, read them, or fix the keyframes.</extracomment>
        <translation>Tento program není připojen k OBS.</translation>
    </message>
    <message>
        <source>Starting the stream in OBS.</source>
        <translation>Spouštím stream v OBS.</translation>
    </message>
    <message>
        <source>OBS is already streaming this stream.</source>
        <translation>OBS už tento stream vysílá.</translation>
    </message>
    <message>
        <source>Waiting until Comprimato reports the stream.</source>
        <translation>Čekám, až Comprimato stream ohlásí.</translation>
    </message>
    <message>
        <source>OBS is already streaming {what}, so it cannot be switched to {stream} now.</source>
        <translation>OBS už vysílá {what}, proto teď nelze přepnout na {stream}.</translation>
    </message>
    <message>
        <source>Stop that stream first (in OBS, or with &apos;{command}&apos;), then start again.</source>
        <translation>Nejprve ten stream zastavte (v OBS, nebo příkazem „{command}“) a pak začněte znovu.</translation>
    </message>
    <message>
        <source>Send the stream to OBS first (&apos;{command}&apos; sends it and starts), or start streaming in OBS yourself.</source>
        <translation>Nejprve pošlete stream do OBS („{command}“ ho pošle a spustí), nebo spusťte vysílání v OBS sami.</translation>
    </message>
    <message>
        <source>Sending the stream&apos;s SRT address and key to OBS.</source>
        <translation>Posílám adresu SRT a klíč streamu do OBS.</translation>
    </message>
    <message>
        <source>The connection to OBS was lost.</source>
        <translation>Spojení s OBS bylo ztraceno.</translation>
    </message>
    <message>
        <source>OBS is already streaming {what}, so a new stream cannot go live now.</source>
        <translation>OBS už vysílá {what}, proto teď nový stream nemůže začít vysílat.</translation>
    </message>
    <message>
        <source>Stop streaming in OBS (or run &apos;{command}&apos;), then go live again.</source>
        <translation>Zastavte vysílání v OBS (nebo spusťte „{command}“) a pak začněte vysílat znovu.</translation>
    </message>
    <message>
        <source>to {where}</source>
        <translation>{where}</translation>
    </message>
    <message>
        <source>OBS&apos;s output settings could not be read: {why}</source>
        <translation>Nastavení výstupu OBS nešlo přečíst: {why}</translation>
    </message>
    <message>
        <source>Fix it with &apos;{command}&apos; before the next start.</source>
        <translation>Opravte to příkazem „{command}“ před dalším spuštěním.</translation>
    </message>
    <message>
        <source>Set OBS&apos;s keyframe interval to {seconds} s in profile &apos;{profile}&apos;, so viewers join within seconds (it was {before}); your own values are kept: &apos;{command}&apos; puts them back.</source>
        <translation>Interval klíčových snímků OBS v profilu „{profile}“ nastaven na {seconds} s, aby se diváci připojili během několika sekund (bylo {before}); vaše vlastní hodnoty jsou uchovány: „{command}“ je vrátí.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>neznámé</translation>
    </message>
    <message>
        <source>about {seconds} s</source>
        <translation>asi {seconds} s</translation>
    </message>
    <message>
        <source>Creating a stream on Comprimato.</source>
        <translation>Vytvářím stream v Comprimatu.</translation>
    </message>
    <message>
        <source>Using stream {id}.</source>
        <translation>Používám stream {id}.</translation>
    </message>
    <message>
        <source>Stream {id} is not stored on this computer, and this Comprimato API cannot look it up.</source>
        <translation>Stream {id} není uložen v tomto počítači a toto API Comprimata ho neumí dohledat.</translation>
    </message>
    <message>
        <source>Run golive without --stream to create a new stream.</source>
        <translation>Spusťte golive bez --stream, aby se vytvořil nový stream.</translation>
    </message>
    <message>
        <source>Not live within {seconds} s: {reached}.</source>
        <translation>Do {seconds} s se nezačalo vysílat: {reached}.</translation>
    </message>
    <message>
        <source>OBS was left as it is: check the SRT ingest address, then try again with a longer --timeout, or run &apos;{command}&apos;.</source>
        <translation>OBS zůstalo, jak bylo: zkontrolujte adresu SRT ingestu a zkuste to znovu s delším --timeout, nebo spusťte „{command}“.</translation>
    </message>
    <message>
        <source>OBS could not connect to the SRT ingest at {address}: the ingest refused the stream key or did not answer. The stream in OBS was stopped.</source>
        <translation>OBS se nemohlo připojit k SRT ingestu na adrese {address}: ingest odmítl klíč streamu nebo neodpověděl. Stream v OBS byl zastaven.</translation>
    </message>
    <message>
        <source>OBS did not begin to start streaming (it took the request, then did nothing)</source>
        <translation>OBS nezačalo spouštět vysílání (požadavek přijalo a pak nic neudělalo)</translation>
    </message>
    <message>
        <source>OBS is {state}</source>
        <translation>OBS: {state}</translation>
    </message>
    <message>
        <source>OBS is not connected</source>
        <translation>OBS není připojeno</translation>
    </message>
    <message>
        <source>Comprimato&apos;s status cannot be read</source>
        <translation>stav Comprimata nelze přečíst</translation>
    </message>
    <message>
        <source>Comprimato reports {status}</source>
        <translation>Comprimato hlásí {status}</translation>
    </message>
    <message>
        <source>Comprimato&apos;s status is unknown ({why})</source>
        <translation>stav Comprimata není znám ({why})</translation>
    </message>
    <message>
        <source>Comprimato has not answered</source>
        <translation>Comprimato neodpovědělo</translation>
    </message>
</context>
<context>
    <name>InlineMessage</name>
    <message>
        <source>Dismiss</source>
        <translation>Zavřít</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Zavřít zprávu</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Chyba</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Informace</translation>
    </message>
</context>
<context>
    <name>LargeQrWindow</name>
    <message>
        <source>Scan to watch</source>
        <translation>Naskenujte a sledujte</translation>
    </message>
    <message>
        <source>Large QR code of the player link</source>
        <translation>Velký QR kód odkazu přehrávače</translation>
    </message>
    <message>
        <source>F11: full screen · Esc: close</source>
        <translation>F11: celá obrazovka · Esc: zavřít</translation>
    </message>
</context>
<context>
    <name>LiveTray</name>
    <message>
        <source>&amp;Go live</source>
        <translation>&amp;Vysílat</translation>
    </message>
    <message>
        <source>&amp;Stop streaming</source>
        <translation>&amp;Zastavit vysílání</translation>
    </message>
    <message>
        <source>&amp;Copy player link</source>
        <translation>&amp;Kopírovat odkaz přehrávače</translation>
    </message>
    <message>
        <source>S&amp;how {name}</source>
        <translation>&amp;Zobrazit {name}</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
</context>
<context>
    <name>LiveWatch</name>
    <message>
        <source>Whether Comprimato receives the stream cannot be checked from here; open the player link to see it.</source>
        <extracomment>Seconds between OBS figure reads while the output is active. Seconds between OBS reads while idle (only to notice changes without an event). Seconds between Comprimato reads while a change is expected, and when steady. How long a change on Comprimato&apos;s side is expected after OBS starts or stops sending. Seconds between re-publishing the status while Comprimato does not answer (its age). A read outstanding this long counts as Comprimato not answering (it may hang). The output states in which OBS is (or is about to be) sending.</extracomment>
        <translation>Zda Comprimato stream přijímá, nelze odsud ověřit; otevřete odkaz přehrávače a uvidíte.</translation>
    </message>
    <message>
        <source>Cannot read the stream&apos;s status: {why}</source>
        <translation>Stav streamu nelze přečíst: {why}</translation>
    </message>
    <message>
        <source>Comprimato has not answered for {seconds} s.</source>
        <translation>Comprimato neodpovídá už {seconds} s.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting…</source>
        <translation>Spouštím…</translation>
    </message>
    <message>
        <source>Create stream</source>
        <translation>Vytvořit stream</translation>
    </message>
    <message>
        <source>Create a new stream and send it to OBS (Ctrl+N)</source>
        <translation>Vytvořit nový stream a poslat ho do OBS (Ctrl+N)</translation>
    </message>
    <message>
        <source>OBS: looking…</source>
        <translation>OBS: hledám…</translation>
    </message>
    <message>
        <source>OBS connection</source>
        <translation>Spojení s OBS</translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>Narrower windows show the QR code under the stream&apos;s fields, not beside them. The open settings or API key dialog, while one is open (tests drive them). The saved geometry is applied once, when the session has read the settings.</extracomment>
        <translation>Nastavení</translation>
    </message>
    <message>
        <source>Settings (Ctrl+,)</source>
        <translation>Nastavení (Ctrl+,)</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>Otevřít nastavení</translation>
    </message>
    <message>
        <source>Create your first stream</source>
        <translation>Vytvořte svůj první stream</translation>
    </message>
    <message>
        <source>Try it with the sandbox</source>
        <translation>Vyzkoušet v sandboxu</translation>
    </message>
    <message>
        <source>Run a small Comprimato on this computer: no account needed</source>
        <translation>Spustit malé Comprimato na tomto počítači: účet není potřeba</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Soubor</translation>
    </message>
    <message>
        <source>&amp;Stream</source>
        <translation>S&amp;tream</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Nápověda</translation>
    </message>
    <message>
        <source>&amp;Create stream</source>
        <translation>&amp;Vytvořit stream</translation>
    </message>
    <message>
        <source>&amp;Go live / Stop</source>
        <translation>V&amp;ysílat / zastavit</translation>
    </message>
    <message>
        <source>&amp;Send to OBS</source>
        <translation>&amp;Poslat do OBS</translation>
    </message>
    <message>
        <source>Copy &amp;player link</source>
        <translation>Kopírovat o&amp;dkaz přehrávače</translation>
    </message>
    <message>
        <source>&amp;Restore my previous OBS settings</source>
        <translation>Vrátit mé př&amp;edchozí nastavení OBS</translation>
    </message>
    <message>
        <source>Start &amp;OBS</source>
        <translation>Spustit &amp;OBS</translation>
    </message>
    <message>
        <source>Start OBS Studio, with its WebSocket server turned on, and connect to it</source>
        <translation>Spustit OBS Studio se zapnutým serverem WebSocket a připojit se k němu</translation>
    </message>
    <message>
        <source>&amp;Refresh streams</source>
        <translation>O&amp;bnovit streamy</translation>
    </message>
    <message>
        <source>&amp;Find stream</source>
        <translation>&amp;Najít stream</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Nastavení…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Otevřít složku se &amp;záznamy</translation>
    </message>
    <message>
        <source>&amp;About {name}</source>
        <translation>&amp;O aplikaci {name}</translation>
    </message>
    <message>
        <source>Sandbox · a local Comprimato</source>
        <translation>Sandbox · místní Comprimato</translation>
    </message>
    <message>
        <source>A small Comprimato running on this computer. Its streams end when you quit.</source>
        <translation>Malé Comprimato běžící na tomto počítači. Jeho streamy skončí, když aplikaci ukončíte.</translation>
    </message>
    <message>
        <source>Comprimato · {host}</source>
        <translation>Comprimato · {host}</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nespuštěno</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Vytvářím…</translation>
    </message>
    <message>
        <source>● OBS{version} at {address} connected</source>
        <translation>● OBS{version} na {address} připojeno</translation>
    </message>
    <message>
        <source>● OBS{version} connected</source>
        <translation>● OBS{version} připojeno</translation>
    </message>
    <message>
        <source>● Connecting to OBS…</source>
        <translation>● Připojuji se k OBS…</translation>
    </message>
    <message>
        <source>● OBS not connected</source>
        <translation>● OBS nepřipojeno</translation>
    </message>
    <message>
        <source>Your keyring is locked</source>
        <translation>Vaše klíčenka je zamčená</translation>
    </message>
    <message>
        <source>Your Comprimato API key is saved in the system keyring, which is locked. Unlock it, then try again.</source>
        <translation>Váš klíč API Comprimato je uložen v systémové klíčence, která je zamčená. Odemkněte ji a zkuste to znovu.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <source>Comprimato did not accept your API key</source>
        <translation>Comprimato nepřijalo váš klíč API</translation>
    </message>
    <message>
        <source>It may have been mistyped, replaced or revoked. Enter the key shown in your Comprimato account, or try everything first with the sandbox.</source>
        <translation>Mohl být špatně opsán, nahrazen nebo zrušen. Zadejte klíč uvedený ve vašem účtu Comprimato, nebo si vše nejprve vyzkoušejte v sandboxu.</translation>
    </message>
    <message>
        <source>Enter a new API key…</source>
        <translation>Zadat nový klíč API…</translation>
    </message>
    <message>
        <source>Connect your Comprimato account</source>
        <translation>Připojte svůj účet Comprimato</translation>
    </message>
    <message>
        <source>Enter your Comprimato API key to create streams. No account yet? The sandbox runs a small Comprimato on this computer, OBS included.</source>
        <translation>Pro vytváření streamů zadejte svůj klíč API Comprimato. Ještě nemáte účet? Sandbox spustí malé Comprimato na tomto počítači, včetně OBS.</translation>
    </message>
    <message>
        <source>Enter API key…</source>
        <translation>Zadat klíč API…</translation>
    </message>
    <message>
        <source>Pick or create a stream</source>
        <translation>Vyberte nebo vytvořte stream</translation>
    </message>
    <message>
        <source>other settings</source>
        <translation>jiná nastavení</translation>
    </message>
    <message>
        <source>One click makes a Comprimato stream, puts its address and key into OBS, and gives you a link and QR code to share.</source>
        <translation>Jedním kliknutím vytvoříte stream Comprimato, jeho adresa a klíč se vloží do OBS a dostanete odkaz a QR kód ke sdílení.</translation>
    </message>
    <message>
        <source>Pick a stream from the list on the left, or make a new one.</source>
        <translation>Vyberte stream ze seznamu vlevo, nebo vytvořte nový.</translation>
    </message>
    <message>
        <source>{obs} is streaming {what}: a new stream does not go into OBS until that stops.</source>
        <translation>{obs} vysílá {what}: nový stream se do OBS nedostane, dokud vysílání neskončí.</translation>
    </message>
    <message>
        <source>Looking for OBS Studio…</source>
        <translation>Hledám OBS Studio…</translation>
    </message>
    <message>
        <source>live · {link}</source>
        <translation>živě · {link}</translation>
    </message>
    <message>
        <source>OBS is live with {stream}</source>
        <translation>OBS vysílá {stream}</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>spouští se…</translation>
    </message>
    <message>
        <source>You are live</source>
        <translation>Vysíláte</translation>
    </message>
    <message>
        <source>Comprimato is receiving your stream. {link}</source>
        <translation>Comprimato přijímá váš stream. {link}</translation>
    </message>
    <message>
        <source>Stream reconnecting</source>
        <translation>Stream se znovu připojuje</translation>
    </message>
    <message>
        <source>OBS lost the connection and is reconnecting.</source>
        <translation>OBS ztratilo spojení a znovu se připojuje.</translation>
    </message>
    <message>
        <source>Stream reconnected</source>
        <translation>Stream je znovu připojen</translation>
    </message>
    <message>
        <source>OBS is sending again.</source>
        <translation>OBS znovu posílá.</translation>
    </message>
    <message>
        <source>Stream dropped</source>
        <translation>Stream vypadl</translation>
    </message>
    <message>
        <source>Comprimato no longer receives your stream.</source>
        <translation>Comprimato už váš stream nepřijímá.</translation>
    </message>
    <message>
        <source>OBS is gone</source>
        <translation>OBS zmizelo</translation>
    </message>
    <message>
        <source>The connection to OBS was lost; it is retried automatically.</source>
        <translation>Spojení s OBS se ztratilo; zkouší se automaticky znovu.</translation>
    </message>
    <message>
        <source>Enter a new API key</source>
        <translation>Zadejte nový klíč API</translation>
    </message>
    <message>
        <source>Enter your API key</source>
        <translation>Zadejte svůj klíč API</translation>
    </message>
    <message>
        <source>Comprimato did not accept the key saved here. Paste the key shown in your Comprimato account; it replaces the old one in your keyring.</source>
        <translation>Comprimato nepřijalo klíč uložený na tomto počítači. Vložte klíč uvedený ve vašem účtu Comprimato; nahradí starý klíč ve vaší klíčence.</translation>
    </message>
    <message>
        <source>Paste the API key from your Comprimato account. It is kept in your system&apos;s keyring.</source>
        <translation>Vložte klíč API ze svého účtu Comprimato. Uloží se do systémové klíčenky.</translation>
    </message>
    <message>
        <source>No file manager could be opened. The log files are in {folder}</source>
        <translation>Nepodařilo se otevřít správce souborů. Soubory záznamu jsou v {folder}</translation>
    </message>
    <message>
        <source>Log files: {folder}</source>
        <translation>Soubory záznamu: {folder}</translation>
    </message>
    <message>
        <source>Stop streaming?</source>
        <translation>Zastavit vysílání?</translation>
    </message>
    <message>
        <source>Stop the broadcast now?</source>
        <translation>Zastavit vysílání hned teď?</translation>
    </message>
    <message>
        <source>&amp;Stop streaming</source>
        <translation>&amp;Zastavit vysílání</translation>
    </message>
    <message>
        <source>OBS stops sending, and viewers of the player link lose the picture.</source>
        <translation>OBS přestane posílat a diváci odkazu přehrávače přijdou o obraz.</translation>
    </message>
    <message>
        <source>Delete stream</source>
        <translation>Smazat stream</translation>
    </message>
    <message>
        <source>Delete “{name}” on Comprimato?</source>
        <translation>Smazat „{name}“ na Comprimatu?</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Smazat</translation>
    </message>
    <message>
        <source>Its player link stops working and its streamer key is no longer accepted. This cannot be undone.</source>
        <translation>Jeho odkaz přehrávače přestane fungovat a jeho klíč pro vysílání už nebude přijat. Nelze to vrátit zpět.</translation>
    </message>
    <message>
        <source>Keep streaming after the window closes?</source>
        <translation>Vysílat dál i po zavření okna?</translation>
    </message>
    <message>
        <source>Keep streaming hides the window to the tray icon; OBS goes on sending. Stop and quit ends the broadcast.</source>
        <translation>Vysílat dál skryje okno do ikony v oznamovací oblasti; OBS dál posílá. Zastavit a ukončit vysílání ukončí.</translation>
    </message>
    <message>
        <source>Keep streaming minimises the window to the taskbar; OBS goes on sending. Stop and quit ends the broadcast.</source>
        <translation>Vysílat dál minimalizuje okno na panel úloh; OBS dál posílá. Zastavit a ukončit vysílání ukončí.</translation>
    </message>
    <message>
        <source>&amp;Keep streaming</source>
        <translation>&amp;Vysílat dál</translation>
    </message>
    <message>
        <source>&amp;Stop and quit</source>
        <translation>&amp;Zastavit a ukončit</translation>
    </message>
    <message>
        <source>Still streaming. Use the tray icon to come back.</source>
        <translation>Vysílání pokračuje. K oknu se vrátíte ikonou v oznamovací oblasti.</translation>
    </message>
    <message>
        <source>{obs} is connected: a new stream goes straight into it.</source>
        <translation>{obs} je připojeno: nový stream půjde rovnou do něj.</translation>
    </message>
    <message>
        <source>OBS {version} is running and connected.</source>
        <translation>OBS {version} běží a je připojeno.</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>vyžaduje pozornost</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Enter API key…</source>
        <extracomment>The tabs of the settings dialog, for opening it where a problem is fixed.</extracomment>
        <translation>Zadat klíč API…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <source>OBS settings…</source>
        <translation>Nastavení OBS…</translation>
    </message>
    <message>
        <source>Start OBS</source>
        <translation>Spustit OBS</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Nastavení…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <source>Save to keyring</source>
        <translation>Uložit do klíčenky</translation>
    </message>
    <message>
        <source>Fix in OBS</source>
        <translation>Opravit v OBS</translation>
    </message>
</context>
<context>
    <name>ObsAddress</name>
    <message>
        <source>it does not start with obsws://</source>
        <extracomment>The environment variable holding an ``obsws://host:port/password`` string. The biggest settings file worth reading: OBS&apos;s own are a few kilobytes.</extracomment>
        <translation>nezačíná na obsws://</translation>
    </message>
    <message>
        <source>the IPv6 address in brackets is not valid</source>
        <translation>adresa IPv6 v hranatých závorkách není platná</translation>
    </message>
    <message>
        <source>the port must follow the host after a colon</source>
        <translation>port musí následovat za hostitelem po dvojtečce</translation>
    </message>
    <message>
        <source>an IPv6 address must be written in brackets, like [::1]</source>
        <translation>adresu IPv6 je třeba zapsat do hranatých závorek, například [::1]</translation>
    </message>
    <message>
        <source>the host name is missing or not valid</source>
        <translation>název hostitele chybí nebo není platný</translation>
    </message>
    <message>
        <source>the port is empty</source>
        <translation>port je prázdný</translation>
    </message>
    <message>
        <source>the port must be a number from 1 to 65535</source>
        <translation>port musí být číslo od 1 do 65535</translation>
    </message>
    <message>
        <source>The OBS address is not valid: {reason}.</source>
        <translation>Adresa OBS není platná: {reason}.</translation>
    </message>
    <message>
        <source>Use the form obsws://host:port/password, as OBS shows it in {menu} &gt; Show Connect Info.</source>
        <translation>Použijte tvar obsws://hostitel:port/heslo, jak ho OBS ukazuje v {menu} → Zobrazit info o připojení.</translation>
    </message>
</context>
<context>
    <name>ObsBackup</name>
    <message>
        <source>The OBS settings backup cannot be read ({reason}).</source>
        <extracomment>One profile&apos;s saved parameters: ``&quot;Category/Name&quot;`` -&gt; value, ``None`` when unset. The values the fix wrote, per profile, as last read (``_read``).</extracomment>
        <translation>Zálohu nastavení OBS nelze přečíst ({reason}).</translation>
    </message>
    <message>
        <source>Check the permissions of {path}.</source>
        <translation>Zkontrolujte oprávnění k {path}.</translation>
    </message>
    <message>
        <source>The OBS output settings backup was damaged; it was kept aside as {name}.</source>
        <translation>Záloha nastavení výstupu OBS byla poškozená; byla odložena jako {name}.</translation>
    </message>
    <message>
        <source>Check OBS Settings &gt; Output by hand; the backup file holds the old values.</source>
        <translation>Zkontrolujte ručně v OBS Nastavení → Výstup; původní hodnoty jsou v souboru zálohy.</translation>
    </message>
    <message>
        <source>The OBS settings backup cannot be saved ({reason}).</source>
        <translation>Zálohu nastavení OBS nelze uložit ({reason}).</translation>
    </message>
    <message>
        <source>Free some disk space or check the folder&apos;s permissions, then try again.</source>
        <translation>Uvolněte místo na disku nebo zkontrolujte oprávnění ke složce a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The backup of your OBS settings {path} could not be used ({reason}).</source>
        <extracomment>The file that held the single backup before this one existed. Backups kept per OBS profile.</extracomment>
        <translation>Zálohu vašeho nastavení OBS {path} nelze použít ({reason}).</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you can write to it.</source>
        <translation>Zkontrolujte, že složka existuje a že do ní můžete zapisovat.</translation>
    </message>
    <message>
        <source>The backup of your OBS settings could not be saved to {path} ({reason}); OBS was not changed.</source>
        <translation>Zálohu vašeho nastavení OBS se nepodařilo uložit do {path} ({reason}); OBS nebylo změněno.</translation>
    </message>
    <message>
        <source>Check that the disk is not full and that you can write to the folder.</source>
        <translation>Zkontrolujte, že disk není plný a že do složky můžete zapisovat.</translation>
    </message>
    <message>
        <source>its list of profiles has the wrong type</source>
        <translation>seznam profilů v něm má nesprávný typ</translation>
    </message>
    <message>
        <source>The backup of your OBS settings {path} {why} and could not be set aside ({reason}).</source>
        <translation>Soubor se zálohou vašeho nastavení OBS {path} {why} a nepodařilo se ho odložit ({reason}).</translation>
    </message>
    <message>
        <source>Move or repair the file, then try again.</source>
        <translation>Přesuňte nebo opravte soubor a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The backup of your OBS settings {why}, so it was set aside as {path}.</source>
        <translation>Soubor se zálohou vašeho nastavení OBS {why}, proto byl odložen jako {path}.</translation>
    </message>
</context>
<context>
    <name>ObsBackupList</name>
    <message>
        <source>The server {server}</source>
        <translation>Server {server}</translation>
    </message>
    <message>
        <source>The service {name}</source>
        <translation>Služba {name}</translation>
    </message>
</context>
<context>
    <name>ObsDiscovery</name>
    <message>
        <source>No OBS WebSocket settings were found on this computer (OBS 28 or newer writes them when it first starts). Start OBS once, or enter the address from {menu} &gt; Show Connect Info.</source>
        <translation>V tomto počítači nebylo nalezeno žádné nastavení WebSocketu OBS (OBS 28 nebo novější ho zapíše při prvním spuštění). Jednou OBS spusťte, nebo zadejte adresu z {menu} → Zobrazit info o připojení.</translation>
    </message>
    <message>
        <source>Found OBS&apos;s WebSocket settings in {path} (port {port}, with a password).</source>
        <translation>Nastavení WebSocketu OBS nalezeno v {path} (port {port}, s heslem).</translation>
    </message>
    <message>
        <source>Found OBS&apos;s WebSocket settings in {path} (port {port}, without a password).</source>
        <translation>Nastavení WebSocketu OBS nalezeno v {path} (port {port}, bez hesla).</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is turned off: in OBS, open {menu}, tick &apos;Enable WebSocket server&apos; and press OK.</source>
        <translation>WebSocket server OBS je vypnutý: v OBS otevřete {menu}, zaškrtněte „Povolit WebSocketový server“ a stiskněte OK.</translation>
    </message>
    <message>
        <source>OBS at {address} (from {variable})</source>
        <translation>OBS na adrese {address} (z proměnné {variable})</translation>
    </message>
    <message>
        <source>OBS at {address} (from the saved settings)</source>
        <translation>OBS na adrese {address} (z uloženého nastavení)</translation>
    </message>
    <message>
        <source>OBS at {address} (the default address).</source>
        <translation>OBS na adrese {address} (výchozí adresa).</translation>
    </message>
    <message>
        <source>OBS at {address}, the one the window is linked to (found in {path})</source>
        <translation>OBS na adrese {address}, ke kterému je připojeno okno (nalezeno v {path})</translation>
    </message>
</context>
<context>
    <name>ObsError</name>
    <message>
        <source>OBS is not running, or its WebSocket server is off (nothing answers at {address}).</source>
        <translation>OBS neběží, nebo má vypnutý WebSocket server (na adrese {address} nic neodpovídá).</translation>
    </message>
    <message>
        <source>Start OBS, then check {menu}: &apos;{box}&apos; must be ticked.</source>
        <translation>Spusťte OBS a zkontrolujte {menu}: volba „{box}“ musí být zaškrtnutá.</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is turned off (found in {where}).</source>
        <translation>WebSocket server v OBS je vypnutý (zjištěno v {where}).</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is turned off.</source>
        <translation>WebSocket server v OBS je vypnutý.</translation>
    </message>
    <message>
        <source>In OBS, open {menu}, tick &apos;{box}&apos; and press OK.</source>
        <translation>V OBS otevřete {menu}, zaškrtněte „{box}“ a stiskněte OK.</translation>
    </message>
    <message>
        <source>OBS asks for a WebSocket password, and none is set here.</source>
        <translation>OBS vyžaduje heslo k WebSocketu, ale zde žádné nastavené není.</translation>
    </message>
    <message>
        <source>OBS rejected the WebSocket password.</source>
        <translation>OBS odmítlo heslo k WebSocketu.</translation>
    </message>
    <message>
        <source>Copy the password from OBS ({menu} &gt; Show Connect Info) into Settings, or set OBS_WEBSOCKET_URL.</source>
        <translation>Zkopírujte heslo z OBS ({menu} → Zobrazit info o připojení) do Nastavení, nebo nastavte proměnnou OBS_WEBSOCKET_URL.</translation>
    </message>
    <message>
        <source>OBS disconnected this program (the session was closed in OBS).</source>
        <translation>OBS tento program odpojilo (relace byla ukončena v OBS).</translation>
    </message>
    <message>
        <source>Connect again when you want OBS controlled from here.</source>
        <translation>Až budete chtít OBS ovládat odsud, připojte se znovu.</translation>
    </message>
    <message>
        <source>This OBS does not speak obs-websocket 5.</source>
        <translation>Toto OBS nepodporuje obs-websocket 5.</translation>
    </message>
    <message>
        <source>Update OBS Studio to version 28 or newer (it includes obs-websocket 5).</source>
        <translation>Aktualizujte OBS Studio na verzi 28 nebo novější (obsahuje obs-websocket 5).</translation>
    </message>
    <message>
        <source>OBS is still starting and not ready for requests.</source>
        <translation>OBS se ještě spouští a zatím nepřijímá požadavky.</translation>
    </message>
    <message>
        <source>Wait until OBS has finished loading, then try again.</source>
        <translation>Počkejte, až se OBS načte, a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS is streaming, so its stream settings cannot be changed now.</source>
        <translation>OBS právě streamuje, proto teď nelze měnit nastavení streamu.</translation>
    </message>
    <message>
        <source>Stop streaming in OBS first (or run &apos;{command}&apos;).</source>
        <translation>Nejprve v OBS zastavte streamování (nebo spusťte „{command}“).</translation>
    </message>
    <message>
        <source>OBS refused {request} (status {code}: {comment}).</source>
        <translation>OBS odmítlo {request} (stav {code}: {comment}).</translation>
    </message>
    <message>
        <source>OBS refused {request} (status {code}).</source>
        <translation>OBS odmítlo {request} (stav {code}).</translation>
    </message>
    <message>
        <source>Check OBS, then try again; if it keeps failing, restart OBS.</source>
        <translation>Zkontrolujte OBS a zkuste to znovu; pokud to stále selhává, restartujte OBS.</translation>
    </message>
    <message>
        <source>OBS did not keep the stream settings that were sent ({what} differs).</source>
        <translation>OBS si neponechalo odeslané nastavení streamu (liší se {what}).</translation>
    </message>
    <message>
        <source>Open OBS Settings &gt; Stream to check them, then apply the stream again.</source>
        <translation>Zkontrolujte je v OBS v Nastavení → Vysílání a pak stream použijte znovu.</translation>
    </message>
    <message>
        <source>{what} did not answer within {seconds} s.</source>
        <translation>{what} neodpovědělo do {seconds} s.</translation>
    </message>
    <message>
        <source>{what} did not answer in time.</source>
        <translation>{what} neodpovědělo včas.</translation>
    </message>
    <message>
        <source>Check that OBS is responsive (not frozen or busy with a dialog), then try again.</source>
        <translation>Zkontrolujte, že OBS reaguje (nezamrzlo a nečeká na dialog), a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The connection to OBS was lost.</source>
        <translation>Spojení s OBS bylo ztraceno.</translation>
    </message>
    <message>
        <source>Check that OBS is still running; the connection comes back when it is.</source>
        <translation>Zkontrolujte, že OBS stále běží; jakmile poběží, spojení se obnoví.</translation>
    </message>
    <message>
        <source>Check the SRT ingest address and the stream key, and OBS&apos;s log (Help &gt; Log Files) for the reason.</source>
        <translation>Zkontrolujte adresu SRT ingestu a klíč streamu; příčinu najdete v souboru záznamu OBS (Nápověda → Soubory záznamu).</translation>
    </message>
    <message>
        <source>A window open in OBS can hold streaming back (the Auto-Configuration Wizard OBS opens on its first start, or Settings): close it, then try again.</source>
        <translation>Vysílání může zdržovat okno otevřené v OBS (průvodce automatickým nastavením, kterého OBS otevře při prvním spuštění, nebo Nastavení): zavřete ho a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS did not begin to start streaming: it took the request, then did nothing for {seconds} s.</source>
        <translation>OBS nezačalo spouštět vysílání: požadavek přijalo a pak {seconds} s nic nedělalo.</translation>
    </message>
    <message>
        <source>OBS {version} reads the SRT streamid from the URL, and this stream key contains characters that cannot travel there ({characters}).</source>
        <translation>OBS {version} čte SRT streamid z URL a tento klíč streamu obsahuje znaky, které v ní nelze přenést ({characters}).</translation>
    </message>
    <message>
        <source>Update OBS to version 29 or newer, or create a new stream.</source>
        <translation>Aktualizujte OBS na verzi 29 nebo novější, nebo vytvořte nový stream.</translation>
    </message>
    <message>
        <source>Your earlier OBS stream settings belong to the OBS profile &apos;{profile}&apos;, which no longer exists, so nothing was changed in OBS.</source>
        <translation>Vaše dřívější nastavení streamu patří k profilu OBS „{profile}“, který už neexistuje, proto se v OBS nic nezměnilo.</translation>
    </message>
    <message>
        <source>Create the profile &apos;{profile}&apos; in OBS (Profile &gt; New) and restore again, or set up your stream in OBS Settings &gt; Stream yourself.</source>
        <translation>Vytvořte v OBS profil „{profile}“ (Profil → Nový) a obnovte znovu, nebo si stream nastavte sami v OBS v Nastavení → Vysílání.</translation>
    </message>
    <message>
        <source>OBS&apos;s profile was switched while this program was changing its stream settings, so nothing more was changed in OBS.</source>
        <translation>Profil OBS byl přepnut ve chvíli, kdy tento program měnil jeho nastavení vysílání, proto se v OBS už nic dalšího nezměnilo.</translation>
    </message>
    <message>
        <source>Wait until nothing switches OBS&apos;s profile (a stream deck, another program), then try again.</source>
        <translation>Počkejte, až profil OBS nebude nic přepínat (stream deck, jiný program), a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS is set to stream to {holds}, not to {wanted}, so streaming was not started.</source>
        <translation>OBS je nastaveno vysílat {holds}, ne {wanted}, proto vysílání nebylo spuštěno.</translation>
    </message>
    <message>
        <source>Send the stream to OBS first, then start streaming.</source>
        <translation>Nejprve pošlete stream do OBS a pak spusťte vysílání.</translation>
    </message>
    <message>
        <source>OBS&apos;s stream settings changed while streaming was starting (OBS held {holds}), so the stream was stopped at once.</source>
        <translation>Nastavení streamu v OBS se změnilo během spouštění vysílání (OBS mělo nastaveno vysílat {holds}), proto bylo vysílání hned zastaveno.</translation>
    </message>
    <message>
        <source>Check OBS Settings &gt; Stream, then go live again.</source>
        <translation>Zkontrolujte v OBS Nastavení → Vysílání a pak začněte vysílat znovu.</translation>
    </message>
    <message>
        <source>OBS is not running (nothing answers at {address}).</source>
        <translation>OBS neběží (na adrese {address} nic neodpovídá).</translation>
    </message>
    <message>
        <source>OBS is not running.</source>
        <translation>OBS neběží.</translation>
    </message>
    <message>
        <source>Start OBS starts it with its WebSocket server turned on and connects: there is nothing to set up in OBS.</source>
        <translation>Tlačítko Spustit OBS ho spustí se zapnutým WebSocket serverem a připojí se: v OBS není třeba nic nastavovat.</translation>
    </message>
</context>
<context>
    <name>ObsLink</name>
    <message>
        <source>OBS is shutting down.</source>
        <extracomment>Event subscriptions: General (ExitStarted) | Config (profiles) | Outputs (stream state).</extracomment>
        <translation>OBS se ukončuje.</translation>
    </message>
    <message>
        <source>OBS&apos;s stop</source>
        <translation>zastavení OBS</translation>
    </message>
    <message>
        <source>OBS&apos;s profile switch</source>
        <translation>Přepnutí profilu v OBS</translation>
    </message>
    <message>
        <source>This program is not connected to OBS.</source>
        <translation>Tento program není připojen k OBS.</translation>
    </message>
    <message>
        <source>OBS ({request})</source>
        <translation>OBS ({request})</translation>
    </message>
    <message>
        <source>OBS does not support this program&apos;s obs-websocket protocol version.</source>
        <translation>OBS nepodporuje verzi protokolu obs-websocket, kterou používá tento program.</translation>
    </message>
    <message>
        <source>Check the OBS address: this host name was not found.</source>
        <translation>Zkontrolujte adresu OBS: tento název hostitele nebyl nalezen.</translation>
    </message>
    <message>
        <source>Something answers at {address}, but it is not an obs-websocket 5 server.</source>
        <translation>Na adrese {address} něco odpovídá, ale není to server obs-websocket 5.</translation>
    </message>
    <message>
        <source>OBS closed the connection while this program was connecting.</source>
        <translation>OBS ukončilo spojení, zatímco se tento program připojoval.</translation>
    </message>
    <message>
        <source>OBS at {address}</source>
        <translation>OBS na adrese {address}</translation>
    </message>
    <message>
        <source>OBS is streaming already.</source>
        <translation>OBS už streamuje.</translation>
    </message>
    <message>
        <source>This program is not connecting to OBS.</source>
        <extracomment>How often a connected link is asked something, so a silently dead one is noticed.</extracomment>
        <translation>Tento program se nepřipojuje k OBS.</translation>
    </message>
    <message>
        <source>Connect to OBS first.</source>
        <translation>Nejprve se připojte k OBS.</translation>
    </message>
    <message>
        <source>Connecting to OBS failed unexpectedly.</source>
        <translation>Připojení k OBS nečekaně selhalo.</translation>
    </message>
    <message>
        <source>Run again with --debug for details, and report it.</source>
        <translation>Pro podrobnosti spusťte program znovu s volbou --debug a chybu nahlaste.</translation>
    </message>
</context>
<context>
    <name>ObsMenus</name>
    <message>
        <source>Tools &gt; WebSocket Server Settings</source>
        <extracomment>Where OBS keeps the switch and the password of its server (OBS 28 and newer). OBS&apos;s menu path to its WebSocket settings, as OBS shows it in English; shown through ``server_settings_menu()``, in the words OBS uses in the user&apos;s language.</extracomment>
        <translation>Nástroje → Nastavení WebSocket serveru</translation>
    </message>
    <message>
        <source>Enable WebSocket server</source>
        <extracomment>The tick box in that dialog, as ``SERVER_SETTINGS_MENU``.</extracomment>
        <translation>Povolit WebSocketový server</translation>
    </message>
</context>
<context>
    <name>ObsOutput</name>
    <message>
        <source>In OBS: Settings &gt; Output &gt; Streaming, set Keyframe Interval to 2 s (and the encoder to an H.264 one, such as x264).</source>
        <extracomment>The longest keyframe interval that keeps HLS segments (and a viewer&apos;s wait) short. x264&apos;s own keyframe interval when OBS leaves it automatic (``keyint_sec`` 0). The parameters the fix changes (and the backup keeps), as ``(category, name)``.</extracomment>
        <translation>V OBS: v Nastavení → Výstup → Vysílání nastavte interval klíčových snímků na 2 s (a enkodér na některý s H.264, například x264).</translation>
    </message>
    <message>
        <source>In OBS: Settings &gt; Output, tick &apos;Enable Advanced Encoder Settings&apos; and put keyint={frames} in &apos;x264 Options&apos; (2 s at {fps} fps).</source>
        <translation>V OBS: v Nastavení → Výstup zaškrtněte „Povolit rozšířené nastavení enkodéru“ a do pole s nastavením x264 zadejte keyint={frames} (2 s při {fps} fps).</translation>
    </message>
    <message>
        <source>In OBS: Settings &gt; Stream, untick &apos;Enable Multitrack Video&apos;.</source>
        <translation>V OBS: v Nastavení → Stream zrušte zaškrtnutí „Povolit vícestopé video“ (Enable Multitrack Video).</translation>
    </message>
    <message>
        <source>OBS encodes with {encoder}, which many browsers cannot play; choose an H.264 encoder (x264).</source>
        <translation>OBS kóduje pomocí {encoder}, což mnoho prohlížečů neumí přehrát; zvolte kodér H.264 (x264).</translation>
    </message>
    <message>
        <source>OBS&apos;s Multitrack Video is on: it sends several video tracks over enhanced RTMP, and an SRT ingest takes one.</source>
        <translation>V OBS je zapnuté vícestopé video (Multitrack Video): posílá několik video stop přes rozšířené RTMP, ale SRT ingest přijímá jen jednu.</translation>
    </message>
    <message>
        <source>OBS is in Advanced output mode, whose keyframe interval this program cannot read or change.</source>
        <translation>OBS je v pokročilém režimu výstupu (Advanced), jehož interval klíčových snímků tento program neumí přečíst ani změnit.</translation>
    </message>
    <message>
        <source>about {seconds} s</source>
        <translation>asi {seconds} s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>neznámo</translation>
    </message>
    <message>
        <source>OBS sends a keyframe every {interval} frames ({shown}): viewers wait that long to join; {limit} s or less is needed.</source>
        <translation>OBS posílá klíčový snímek každých {interval} snímků ({shown}): diváci tak dlouho čekají na připojení; je potřeba {limit} s nebo méně.</translation>
    </message>
    <message>
        <source>With the {encoder} encoder in Simple mode, the keyframe interval cannot be set from here.</source>
        <translation>S kodérem {encoder} v jednoduchém režimu (Simple) nelze interval klíčových snímků nastavit odsud.</translation>
    </message>
    <message>
        <source>the keyframe interval</source>
        <translation>interval klíčových snímků</translation>
    </message>
    <message>
        <source>OBS could not connect to the SRT ingest: it refused the stream key or did not answer, and OBS keeps retrying.</source>
        <extracomment>How long after OBS&apos;s STOPPED event a read saying the output is active is not believed.</extracomment>
        <translation>OBS se nemohlo připojit k SRT ingestu: ingest odmítl klíč streamu nebo neodpověděl a OBS to stále zkouší znovu.</translation>
    </message>
    <message>
        <source>OBS could not connect to the SRT ingest.</source>
        <translation>OBS se nemohlo připojit k SRT ingestu.</translation>
    </message>
    <message>
        <source>OBS stopped streaming: the connection to the SRT ingest was lost.</source>
        <translation>OBS přestalo streamovat: spojení s SRT ingestem bylo ztraceno.</translation>
    </message>
    <message>
        <source> or </source>
        <translation> nebo </translation>
    </message>
    <message>
        <source>OBS&apos;s stream did not become {states} within {seconds} s (it is {state}).</source>
        <translation>Stream v OBS nepřešel do stavu {states} do {seconds} s (aktuální stav: {state}).</translation>
    </message>
    <message>
        <source>Check OBS, then try again with a longer --timeout.</source>
        <translation>Zkontrolujte OBS a zkuste to znovu s delším --timeout.</translation>
    </message>
    <message>
        <source>OBS did not connect to the SRT ingest within {seconds} s.</source>
        <translation>OBS se k SRT ingestu nepřipojilo do {seconds} s.</translation>
    </message>
</context>
<context>
    <name>ObsOutputState</name>
    <message>
        <source>stopped</source>
        <translation>zastaveno</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>spouští se</translation>
    </message>
    <message>
        <source>live</source>
        <translation>živě</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>znovu se připojuje</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>zastavuje se</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>selhalo</translation>
    </message>
</context>
<context>
    <name>ObsService</name>
    <message>
        <source>settings this program could not read</source>
        <extracomment>OBS 30+&apos;s WebRTC-HTTP ingest service: ``server`` and ``bearer_token``. The OBS version that started sending the Stream Key field as the SRT streamid. Characters that break a streamid carried raw in the URL query. What a streamid or passphrase in a server address is shown as.</extracomment>
        <translation>s nastavením, které tento program nedokázal přečíst</translation>
    </message>
    <message>
        <source>the server {server}</source>
        <translation>na server {server}</translation>
    </message>
    <message>
        <source>a custom server with no address</source>
        <translation>na vlastní server bez adresy</translation>
    </message>
    <message>
        <source>the WHIP server {server}</source>
        <translation>na server WHIP {server}</translation>
    </message>
    <message>
        <source>the service {name}</source>
        <translation>na službu {name}</translation>
    </message>
    <message>
        <source>OBS&apos;s default service, not set up</source>
        <translation>s výchozí, nenastavenou službou OBS</translation>
    </message>
    <message>
        <source>a service of type {type}</source>
        <translation>na službu typu {type}</translation>
    </message>
    <message>
        <source>OBS is recording, so it cannot switch to another profile now.</source>
        <extracomment>``rtmp_custom``&apos;s own defaults for the keys this program sets.</extracomment>
        <translation>OBS právě nahrává, proto teď nemůže přepnout na jiný profil.</translation>
    </message>
    <message>
        <source>Stop the recording in OBS first, then try again.</source>
        <translation>Nejprve v OBS zastavte nahrávání a zkuste to znovu.</translation>
    </message>
    <message>
        <source>the service type</source>
        <translation>typ služby</translation>
    </message>
    <message>
        <source>This program is not connected to OBS.</source>
        <translation>Tento program není připojen k OBS.</translation>
    </message>
</context>
<context>
    <name>ObsSetup</name>
    <message>
        <source>OBS Studio was not found on this computer.</source>
        <extracomment>OBS looks for any of these beside its ``bin`` folder to run in portable mode. Variables a bundled Python program sets for itself that would break OBS&apos;s own Qt. Secrets this program may have in its environment: OBS (and every plugin and script it runs) has no business with them. OBS_WEBSOCKET_URL holds OBS&apos;s own password.</extracomment>
        <translation>OBS Studio nebylo v tomto počítači nalezeno.</translation>
    </message>
    <message>
        <source>Install OBS Studio 28 or newer ({site}), then try again.</source>
        <translation>Nainstalujte OBS Studio 28 nebo novější ({site}) a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS Studio ({kind}) could not be started: {reason}.</source>
        <translation>OBS Studio ({kind}) se nepodařilo spustit: {reason}.</translation>
    </message>
    <message>
        <source>Start OBS yourself from your applications menu, then try again.</source>
        <translation>Spusťte OBS sami z nabídky aplikací a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS&apos;s settings file {path} could not be changed ({reason}).</source>
        <extracomment>OBS 31+ keeps the user&apos;s own settings here, beside global.ini. The suffix of the copy kept before a file is changed (a time stamp follows it). OBS&apos;s own generated passwords are 16 letters and digits; same alphabet, a little longer. A password shorter than this is replaced: the server listens on every interface.</extracomment>
        <translation>Soubor nastavení OBS {path} nelze změnit ({reason}).</translation>
    </message>
    <message>
        <source>Turn the server on in OBS instead: {menu} &gt; Enable WebSocket server.</source>
        <translation>Zapněte místo toho server přímo v OBS: {menu} → Povolit WebSocketový server.</translation>
    </message>
    <message>
        <source>cannot read it</source>
        <translation>nelze ho přečíst</translation>
    </message>
    <message>
        <source>cannot copy it</source>
        <translation>nelze ho zkopírovat</translation>
    </message>
    <message>
        <source>cannot write it</source>
        <translation>nelze do něj zapsat</translation>
    </message>
    <message>
        <source>In OBS, open {menu}, tick &apos;Enable WebSocket server&apos; and press OK</source>
        <extracomment>How long OBS may take from start to a websocket answer (a first start is slow). Each connection attempt while waiting for OBS. Pause between attempts while OBS starts: its port opens once, late in its start-up. While OBS starts, how often the user hears that it is still being waited for. The full menu path for turning the server on, for a running OBS.</extracomment>
        <translation>V OBS otevřete {menu}, zaškrtněte „Povolit WebSocketový server“ a stiskněte OK</translation>
    </message>
    <message>
        <source>OBS is running, but its WebSocket server is off.</source>
        <translation>OBS běží, ale jeho WebSocket server je vypnutý.</translation>
    </message>
    <message>
        <source>{steps}; this program then connects by itself.</source>
        <translation>{steps}; tento program se pak připojí sám.</translation>
    </message>
    <message>
        <source>OBS at {address} does not answer, and it runs on another computer.</source>
        <translation>OBS na adrese {address} neodpovídá a běží na jiném počítači.</translation>
    </message>
    <message>
        <source>On that computer, start OBS and tick &apos;Enable WebSocket server&apos; in {menu}.</source>
        <translation>Na tom počítači spusťte OBS a v {menu} zaškrtněte „Povolit WebSocketový server“.</translation>
    </message>
    <message>
        <source>Looking for OBS at {address}.</source>
        <translation>Hledám OBS na adrese {address}.</translation>
    </message>
    <message>
        <source>OBS is running; waiting for its WebSocket server to answer.</source>
        <translation>OBS běží; čekám, až odpoví jeho WebSocket server.</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is now turned on in {files}. Its old password was too weak for a server every network interface can reach, so a strong one was made: another tool that used the old one needs the new one, shown in OBS&apos;s WebSocket server settings (copies of the old files: {copies}).</source>
        <translation>Server WebSocket v OBS je teď zapnutý v {files}. Jeho staré heslo bylo příliš slabé pro server dostupný ze všech síťových rozhraní, proto bylo vytvořeno silné: jiný nástroj, který používal staré heslo, potřebuje nové, které najdete v nastavení serveru WebSocket v OBS (kopie starých souborů: {copies}).</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server</source>
        <translation>Server WebSocket v OBS</translation>
    </message>
    <message>
        <source>Still waiting for OBS to answer ({seconds} s so far); if OBS shows a question in its window, answer it.</source>
        <translation>Stále se čeká na odpověď OBS (zatím {seconds} s); pokud se vás OBS ve svém okně na něco ptá, odpovězte.</translation>
    </message>
    <message>
        <source>OBS Studio ({kind}) ended right after it was started (exit status {status}), before its WebSocket server answered.</source>
        <translation>OBS Studio ({kind}) skončilo hned po spuštění (návratový kód {status}), dřív než odpověděl jeho server WebSocket.</translation>
    </message>
    <message>
        <source>Start OBS from your applications menu to see what it says; once it runs, this program connects by itself.</source>
        <translation>Spusťte OBS z nabídky aplikací a podívejte se, co hlásí; jakmile poběží, tento program se připojí sám.</translation>
    </message>
    <message>
        <source>OBS Studio was started {seconds} s ago, but its WebSocket server never answered.</source>
        <translation>OBS Studio bylo spuštěno před {seconds} s, ale jeho server WebSocket vůbec neodpověděl.</translation>
    </message>
    <message>
        <source>Look at OBS: a question may be waiting in its window (after a crash it offers Safe Mode, which turns the WebSocket server off: choose to run normally). Then try again, or close OBS and start it from your applications menu.</source>
        <translation>Podívejte se do OBS: v jeho okně může čekat otázka (po pádu nabízí nouzový režim, který server WebSocket vypne: zvolte normální spuštění). Pak to zkuste znovu, nebo OBS zavřete a spusťte ho z nabídky aplikací.</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is now turned on in {files} with the password this program&apos;s settings (or OBS_WEBSOCKET_URL) name. That password is weak for a server every network interface can reach: set a stronger one in OBS&apos;s WebSocket server settings and here (copies of the old files: {copies}).</source>
        <translation>Server WebSocket v OBS je teď zapnutý v {files} s heslem, které uvádí nastavení tohoto programu (nebo OBS_WEBSOCKET_URL). Toto heslo je slabé pro server dostupný ze všech síťových rozhraní: nastavte silnější v nastavení serveru WebSocket v OBS i zde (kopie starých souborů: {copies}).</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is now turned on in {files} (a new password was made; copies of the old files: {copies}).</source>
        <translation>WebSocket server v OBS je nyní zapnutý v {files} (bylo vytvořeno nové heslo; kopie původních souborů: {copies}).</translation>
    </message>
    <message>
        <source>OBS&apos;s WebSocket server is now turned on in {files} (its password was kept; copies of the old files: {copies}).</source>
        <translation>WebSocket server v OBS je nyní zapnutý v {files} (heslo zůstalo zachováno; kopie původních souborů: {copies}).</translation>
    </message>
    <message>
        <source>none (new files)</source>
        <translation>žádné (nové soubory)</translation>
    </message>
    <message>
        <source>Starting OBS Studio ({kind}).</source>
        <translation>Spouštím OBS Studio ({kind}).</translation>
    </message>
    <message>
        <source> and </source>
        <translation> a </translation>
    </message>
</context>
<context>
    <name>OwnStreams</name>
    <message>
        <source>The record of this program&apos;s streams {path} could not be used ({reason}).</source>
        <extracomment>The stream list whose keys are recorded when this file does not exist yet. Streams remembered; the oldest go first (thousands of streams are years of use). The one OBS service type this program writes.</extracomment>
        <translation>Záznam streamů tohoto programu {path} nelze použít ({reason}).</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you can write to it.</source>
        <translation>Zkontrolujte, že složka existuje a že do ní můžete zapisovat.</translation>
    </message>
    <message>
        <source>The record of this program&apos;s streams could not be saved to {path} ({reason}); OBS was not changed.</source>
        <translation>Záznam streamů tohoto programu nelze uložit do {path} ({reason}); OBS nebylo změněno.</translation>
    </message>
    <message>
        <source>Check that the disk is not full and that you can write to the folder.</source>
        <translation>Zkontrolujte, že disk není plný a že do složky můžete zapisovat.</translation>
    </message>
    <message>
        <source>its list of streams has the wrong type</source>
        <translation>jeho seznam streamů má nesprávný typ</translation>
    </message>
    <message>
        <source>The record of this program&apos;s streams {path} {why} and could not be set aside ({reason}).</source>
        <translation>Záznam streamů tohoto programu {path} {why} a nelze jej odložit stranou ({reason}).</translation>
    </message>
    <message>
        <source>Move or repair the file, then try again.</source>
        <translation>Soubor přesuňte nebo opravte a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The record of this program&apos;s streams {why}, so it was set aside as {path}.</source>
        <translation>Záznam streamů tohoto programu {why}, proto byl odložen jako {path}.</translation>
    </message>
</context>
<context>
    <name>QrCodeView</name>
    <message>
        <source>QR code of the player link</source>
        <extracomment>Saves the file the context menu&apos;s dialog chose, instead of ``save``.</extracomment>
        <translation>QR kód odkazu přehrávače</translation>
    </message>
    <message>
        <source>Save QR Code</source>
        <translation>Uložit QR kód</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>&amp;Kopírovat obrázek</translation>
    </message>
    <message>
        <source>&amp;Save Image As…</source>
        <translation>&amp;Uložit obrázek jako…</translation>
    </message>
    <message>
        <source>Could not save the QR code to {path} ({reason}).</source>
        <extracomment>Modules of white around the symbol, as the QR specification asks.</extracomment>
        <translation>QR kód se nepodařilo uložit do {path} ({reason}).</translation>
    </message>
    <message>
        <source>write failed</source>
        <translation>zápis selhal</translation>
    </message>
    <message>
        <source>Choose a folder you can write to, or another name.</source>
        <translation>Zvolte složku, do které můžete zapisovat, nebo jiný název.</translation>
    </message>
    <message>
        <source>No link yet.</source>
        <translation>Zatím žádný odkaz.</translation>
    </message>
    <message>
        <source>This link is too long for a QR code.</source>
        <translation>Tento odkaz je na QR kód příliš dlouhý.</translation>
    </message>
    <message>
        <source>Scan it to open {link}</source>
        <translation>Naskenujte ho a otevře se {link}</translation>
    </message>
    <message>
        <source>Shorten the player URL template.</source>
        <translation>Zkraťte šablonu adresy přehrávače.</translation>
    </message>
    <message>
        <source>There is no player link to make a QR code of yet.</source>
        <translation>Zatím neexistuje odkaz přehrávače, ze kterého by šel vytvořit QR kód.</translation>
    </message>
    <message>
        <source>Create a stream first.</source>
        <translation>Nejprve vytvořte stream.</translation>
    </message>
    <message>
        <source>The QR code could not be encoded as PNG.</source>
        <translation>QR kód se nepodařilo převést do PNG.</translation>
    </message>
    <message>
        <source>Try SVG.</source>
        <translation>Zkuste SVG.</translation>
    </message>
    <message>
        <source>The QR code can be saved as a PNG or an SVG file.</source>
        <translation>QR kód lze uložit jako soubor PNG nebo SVG.</translation>
    </message>
    <message>
        <source>End the file name with .png or .svg.</source>
        <translation>Zakončete název souboru příponou .png nebo .svg.</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Obrázek PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>Obrázek SVG (*.svg)</translation>
    </message>
    <message>
        <source>The QR code of the player link appears here.</source>
        <translation>Zde se zobrazí QR kód odkazu přehrávače.</translation>
    </message>
</context>
<context>
    <name>RestoreChoiceDialog</name>
    <message>
        <source>Your earlier OBS settings</source>
        <translation>Vaše dřívější nastavení OBS</translation>
    </message>
    <message>
        <source>Every stream setting of yours that this program saved before replacing it, newest first. The one you choose goes back into its OBS profile.</source>
        <translation>Všechna vaše nastavení streamu, která tento program uložil, než je nahradil, od nejnovějšího. Vybrané se vrátí do svého profilu OBS.</translation>
    </message>
    <message>
        <source>Saved stream settings</source>
        <translation>Uložená nastavení streamu</translation>
    </message>
    <message>
        <source>&amp;Restore this one</source>
        <translation>&amp;Obnovit toto</translation>
    </message>
    <message>
        <source>{what}, profile &apos;{profile}&apos;, saved {when}</source>
        <translation>{what}, profil „{profile}“, uloženo {when}</translation>
    </message>
    <message>
        <source>{what}, profile &apos;{profile}&apos;</source>
        <translation>{what}, profil „{profile}“</translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <source>The sandbox cannot listen on {host} port {port} ({reason}).</source>
        <translation>Sandbox nemůže naslouchat na {host}, portu {port} ({reason}).</translation>
    </message>
    <message>
        <source>Choose another port (0 picks a free one), or stop what is using it.</source>
        <translation>Zvolte jiný port (0 vybere volný), nebo zastavte, co ho používá.</translation>
    </message>
    <message>
        <source>This computer has no address on a local network to share the player on.</source>
        <translation>Tento počítač nemá v místní síti žádnou adresu, na které by šlo přehrávač sdílet.</translation>
    </message>
    <message>
        <source>Connect to the network (Wi-Fi or cable) and try again, or give the address to use, such as {example}.</source>
        <translation>Připojte se k síti (Wi-Fi nebo kabelem) a zkuste to znovu, nebo zadejte adresu, kterou použít, například {example}.</translation>
    </message>
    <message>
        <source>{address} is not an address a phone could reach.</source>
        <translation>{address} není adresa, na kterou by se telefon dostal.</translation>
    </message>
    <message>
        <source>Give this computer&apos;s address on your Wi-Fi or wired network, such as {example}, or {option} alone to find it.</source>
        <translation>Zadejte adresu tohoto počítače ve vaší Wi-Fi nebo kabelové síti, například {example}, nebo samotné {option}, aby se našla sama.</translation>
    </message>
    <message>
        <source>{address} is a public Internet address: anyone online could watch your streams there, so the player is not shared on it.</source>
        <translation>{address} je veřejná internetová adresa: vaše streamy by na ní mohl sledovat kdokoli na internetu, proto na ní přehrávač sdílen není.</translation>
    </message>
    <message>
        <source>Share on this computer&apos;s address in your home or office network, such as {example}.</source>
        <translation>Sdílejte na adrese tohoto počítače ve vaší domácí nebo kancelářské síti, například {example}.</translation>
    </message>
    <message>
        <source>The player cannot be shared on {address} port {port} ({reason}).</source>
        <translation>Přehrávač nelze sdílet na {address}, portu {port} ({reason}).</translation>
    </message>
    <message>
        <source>Check that this address belongs to this computer, or choose another port.</source>
        <translation>Zkontrolujte, že tato adresa patří tomuto počítači, nebo zvolte jiný port.</translation>
    </message>
    <message>
        <source>the SRT ingest module cannot be loaded ({reason})</source>
        <translation>modul SRT ingestu nelze načíst ({reason})</translation>
    </message>
    <message>
        <source>the SRT ingest could not start: {reason}</source>
        <translation>SRT ingest se nepodařilo spustit: {reason}</translation>
    </message>
</context>
<context>
    <name>SandboxGiveBack</name>
    <message>
        <source>OBS is streaming to the sandbox&apos;s address {server}, which has ended.</source>
        <translation>OBS streamuje na adresu sandboxu {server}, který už skončil.</translation>
    </message>
    <message>
        <source>Stop streaming in OBS: your own stream settings come back then.</source>
        <translation>Zastavte streamování v OBS: pak se vrátí vaše vlastní nastavení streamu.</translation>
    </message>
    <message>
        <source>The sandbox has ended: OBS has your own stream settings back.</source>
        <translation>Sandbox skončil: OBS má zpět vaše vlastní nastavení streamu.</translation>
    </message>
</context>
<context>
    <name>SandboxMode</name>
    <message>
        <source>Shared on your network at {link}: the player pages and their video only, read-only. The API and the SRT ingest stay on this computer.</source>
        <extracomment>The in-app sandbox&apos;s HTTP port is PORT_BASE plus a per-user offset below PORT_SPAN.</extracomment>
        <translation>Sdíleno ve vaší síti na adrese {link}: pouze stránky přehrávače a jejich video, jen pro čtení. API a SRT ingest zůstávají v tomto počítači.</translation>
    </message>
</context>
<context>
    <name>SandboxState</name>
    <message>
        <source>The sandbox&apos;s streams could not be saved in {path} ({reason}); they last until the sandbox stops.</source>
        <extracomment>The format this program writes; a file with a higher major version is set aside. Entries this version cannot read: written back as they are, never dropped.</extracomment>
        <translation>Streamy sandboxu se nepodařilo uložit do {path} ({reason}); vydrží jen do zastavení sandboxu.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s saved streams in {path} {why}; the file was renamed to {moved} and the sandbox starts without them.</source>
        <translation>Soubor uložených streamů sandboxu {path} {why}; byl přejmenován na {moved} a sandbox začíná bez nich.</translation>
    </message>
    <message>
        <source>{count} saved sandbox stream(s) in {path} could not be read; they are kept in the file as they are.</source>
        <translation>Uložené streamy sandboxu v {path} (počet: {count}) nešlo přečíst; v souboru zůstávají tak, jak jsou.</translation>
    </message>
    <message>
        <source>Another sandbox of yours is running and keeps the saved streams; this one keeps its streams only until it stops.</source>
        <translation>Běží jiný váš sandbox a uložené streamy drží on; tento si své streamy ponechá jen do svého zastavení.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s saved streams in {path} cannot be used ({reason}); this sandbox keeps its streams only until it stops.</source>
        <translation>Uložené streamy sandboxu v {path} nelze použít ({reason}); tento sandbox si své streamy ponechá jen do svého zastavení.</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <source>API key</source>
        <translation>klíč API</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer; the API key is kept only until you quit.</source>
        <translation>V tomto počítači není k dispozici systémová klíčenka; klíč API bude uchován jen do ukončení programu.</translation>
    </message>
    <message>
        <source>Your system keyring is locked; unlock it and try again.</source>
        <translation>Systémová klíčenka je zamčená; odemkněte ji a zkuste to znovu.</translation>
    </message>
    <message>
        <source>OBS password</source>
        <translation>heslo k OBS</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>tajný údaj</translation>
    </message>
    <message>
        <source>Your system keyring is locked, so the saved {what} cannot be read.</source>
        <translation>Systémová klíčenka je zamčená, takže uložený údaj ({what}) nelze přečíst.</translation>
    </message>
    <message>
        <source>Unlock the keyring (log in to it, for example with Passwords and Keys), then try again.</source>
        <translation>Odemkněte klíčenku (přihlaste se k ní, například v aplikaci Hesla a klíče) a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The saved {what} could not be removed from the system keyring.</source>
        <extracomment>keyring&apos;s own backends that store nothing: naming one in PYTHON_KEYRING_BACKEND turns the keyring off, which is known without importing the keyring package. Their names as keyring gives them.</extracomment>
        <translation>Uložený údaj ({what}) se nepodařilo odstranit ze systémové klíčenky.</translation>
    </message>
    <message>
        <source>Your secrets cannot leave the file: no keyring took them.</source>
        <translation>Tajné údaje nemohou opustit soubor: žádná klíčenka je nepřijala.</translation>
    </message>
    <message>
        <source>Keep the option on until a keyring works.</source>
        <translation>Nechte volbu zapnutou, dokud klíčenka nebude fungovat.</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer; the API key is kept in {path}, as you chose.</source>
        <translation>V tomto počítači není k dispozici systémová klíčenka; klíč API je podle vaší volby uložen v {path}.</translation>
    </message>
    <message>
        <source>The secrets file could not be used ({why}), so it was set aside as {path}; enter the API key again.</source>
        <translation>Soubor s tajnými údaji nelze použít ({why}), proto byl odložen jako {path}; zadejte klíč API znovu.</translation>
    </message>
    <message>
        <source>Could not read the secrets file {path} ({reason}).</source>
        <translation>Soubor s tajnými údaji {path} nelze přečíst ({reason}).</translation>
    </message>
    <message>
        <source>Could not write the secrets file {path} ({reason}).</source>
        <translation>Do souboru s tajnými údaji {path} nelze zapsat ({reason}).</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you can write to it.</source>
        <translation>Zkontrolujte, že složka existuje a že do ní můžete zapisovat.</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>API key</source>
        <translation>klíč API</translation>
    </message>
    <message>
        <source>Unlock the keyring, then choose Save to keyring.</source>
        <translation>Odemkněte klíčenku a pak zvolte Uložit do klíčenky.</translation>
    </message>
    <message>
        <source>Install or unlock a keyring (for example GNOME Keyring), or allow keeping secrets in a file in Settings.</source>
        <translation>Nainstalujte nebo odemkněte klíčenku (například GNOME Keyring), nebo v Nastavení povolte ukládání tajných údajů do souboru.</translation>
    </message>
    <message>
        <source>Your secrets are still kept only until you quit.</source>
        <translation>Vaše tajné údaje jsou stále uchovány jen do ukončení programu.</translation>
    </message>
    <message>
        <source>Your secrets are saved.</source>
        <translation>Vaše tajné údaje jsou uloženy.</translation>
    </message>
    <message>
        <source>OBS password</source>
        <translation>heslo k OBS</translation>
    </message>
    <message>
        <source>Turn it off in Settings.</source>
        <translation>Vypněte to v Nastavení.</translation>
    </message>
    <message>
        <source>free some space.</source>
        <translation>uvolněte místo.</translation>
    </message>
    <message>
        <source>OBS stopped streaming {what}.</source>
        <extracomment>How long a quit in sandbox mode waits for OBS to get the user&apos;s settings back. &quot;Your settings are back&quot;, until a stream goes back into OBS. A stream made while OBS was away, to send once OBS appears (automatic sending on). Which OBS the link was last made to (address, where it was found): another one linked later is said, never switched to silently. OBS streamed an ended sandbox&apos;s stream: the user&apos;s settings come back once it stops.</extracomment>
        <translation>OBS přestalo vysílat {what}.</translation>
    </message>
    <message>
        <source>OBS has your earlier stream settings back (profile &apos;{profile}&apos;).</source>
        <translation>OBS má zpět vaše dřívější nastavení streamu (profil „{profile}“).</translation>
    </message>
    <message>
        <source>This program is now linked to the OBS at {address}, not the one at {old} it was linked to before.</source>
        <translation>Tento program je teď spojen s OBS na {address}, ne s tím na {old}, se kterým byl spojen předtím.</translation>
    </message>
    <message>
        <source>This program is now linked to another OBS at {address}.</source>
        <translation>Tento program je teď spojen s jiným OBS na {address}.</translation>
    </message>
    <message>
        <source>Fix it in one click; your own setting is kept, and Restore puts it back.</source>
        <translation>Opravte to jedním kliknutím; vaše vlastní nastavení se uchová a tlačítko Vrátit ho obnoví.</translation>
    </message>
    <message>
        <source>Your own setting is kept: Restore puts it back.</source>
        <translation>Vaše vlastní nastavení se uchová: tlačítko Vrátit ho obnoví.</translation>
    </message>
    <message>
        <source>Choose Retry.</source>
        <translation>Zvolte Zkusit znovu.</translation>
    </message>
    <message>
        <source>Check the disk and the network, then choose Retry.</source>
        <translation>Zkontrolujte disk a síť a pak zvolte Zkusit znovu.</translation>
    </message>
    <message>
        <source>a fault in the program stopped it.</source>
        <translation>zastavila ho chyba v programu.</translation>
    </message>
    <message>
        <source>Choose Retry; if it fails again, report it.</source>
        <translation>Zvolte Zkusit znovu; pokud to znovu selže, nahlaste to.</translation>
    </message>
    <message>
        <source>Your system keyring is locked, so the {what} you entered is kept only until you quit.</source>
        <translation>Systémová klíčenka je zamčená, takže zadaný údaj ({what}) bude uchován jen do ukončení programu.</translation>
    </message>
    <message>
        <source>No keyring is available, so the {what} is kept only until you quit.</source>
        <translation>Není k dispozici žádná klíčenka, takže údaj ({what}) bude uchován jen do ukončení programu.</translation>
    </message>
    <message>
        <source>The streams made before are in the set-aside file only: repair it and start this program again to see them.</source>
        <extracomment>Streams made on Comprimato that the store could not keep yet (disk full, say). Keys of streams deleted in this run: OBS holding one is not the user&apos;s own setup.</extracomment>
        <translation>Dříve vytvořené streamy jsou jen v odloženém souboru: opravte ho a spusťte program znovu, abyste je viděli.</translation>
    </message>
    <message>
        <source>The new stream was created on Comprimato but could not be saved on this computer: {why}</source>
        <translation>Nový stream byl v Comprimatu vytvořen, ale v tomto počítači ho nešlo uložit: {why}</translation>
    </message>
    <message>
        <source>It stays in the list and is saved as soon as the disk allows; {step}</source>
        <translation>Zůstává v seznamu a uloží se, jakmile to disk dovolí; {step}</translation>
    </message>
    <message>
        <source>OBS has your earlier stream settings back.</source>
        <translation>OBS má zpět vaše dřívější nastavení streamu.</translation>
    </message>
    <message>
        <source>OBS now sends a keyframe every {seconds} s, from the next time it starts streaming.</source>
        <translation>OBS bude posílat klíčový snímek každé {seconds} s, a to od příštího spuštění vysílání.</translation>
    </message>
    <message>
        <source>OBS&apos;s address comes from {variable}.</source>
        <extracomment>How long an action waits for a connection to OBS that is being made right now. The record of this program&apos;s streams (SHA-256 of each key), as last read, and the destination it was read for: a stream the command line made is ours too. Whether OBS runs on this computer, as last seen while nothing answered.</extracomment>
        <translation>Adresa OBS pochází z proměnné {variable}.</translation>
    </message>
    <message>
        <source>OBS&apos;s address comes from Settings ({host}).</source>
        <translation>Adresa OBS pochází z Nastavení ({host}).</translation>
    </message>
    <message>
        <source>Reading OBS&apos;s state…</source>
        <extracomment>Seconds without an answer from Comprimato after which its last status no longer counts (more than two steady polls): LIVE needs Comprimato to have answered recently.</extracomment>
        <translation>Načítám stav OBS…</translation>
    </message>
    <message>
        <source>Not connected to OBS.</source>
        <translation>Nepřipojeno k OBS.</translation>
    </message>
    <message>
        <source>OBS lost the connection to the SRT ingest and is reconnecting.</source>
        <translation>OBS ztratilo spojení s SRT ingestem a znovu se připojuje.</translation>
    </message>
    <message>
        <source>OBS is sending, but Comprimato does not see the stream. Check the SRT ingest address in Settings.</source>
        <translation>OBS posílá, ale Comprimato stream nevidí. Zkontrolujte adresu SRT ingestu v Nastavení.</translation>
    </message>
</context>
<context>
    <name>SessionError</name>
    <message>
        <source>No Comprimato API key is set.</source>
        <translation>Není nastaven žádný klíč API Comprimata.</translation>
    </message>
    <message>
        <source>Enter your API key, or try everything first with the sandbox.</source>
        <translation>Zadejte svůj klíč API, nebo si vše nejdřív vyzkoušejte v sandboxu.</translation>
    </message>
    <message>
        <source>No stream is selected.</source>
        <translation>Není vybrán žádný stream.</translation>
    </message>
    <message>
        <source>Create a stream or pick one from the list.</source>
        <translation>Vytvořte stream nebo vyberte některý ze seznamu.</translation>
    </message>
    <message>
        <source>The local sandbox cannot receive SRT ({why}).</source>
        <translation>Místní sandbox nemůže přijímat SRT ({why}).</translation>
    </message>
    <message>
        <source>The local sandbox cannot receive SRT.</source>
        <translation>Místní sandbox nemůže přijímat SRT.</translation>
    </message>
    <message>
        <source>Install libsrt (Debian: libsrt1.5-openssl) and start the program again.</source>
        <translation>Nainstalujte libsrt (Debian: libsrt1.5-openssl) a spusťte program znovu.</translation>
    </message>
    <message>
        <source>There is no saved copy of your earlier OBS settings.</source>
        <translation>Neexistuje žádná uložená kopie vašeho dřívějšího nastavení OBS.</translation>
    </message>
    <message>
        <source>Nothing was changed in OBS by this program yet, so nothing needs restoring.</source>
        <translation>Tento program v OBS zatím nic nezměnil, takže není co obnovovat.</translation>
    </message>
    <message>
        <source>The program could not start: {cause}</source>
        <translation>Program se nepodařilo spustit: {cause}</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The API URL {value} is not an http:// or https:// address.</source>
        <extracomment>The format this program writes; a file with a higher major version is set aside. The languages the window speaks; &quot;system&quot; follows the system&apos;s language.</extracomment>
        <translation>Adresa API {value} není adresa http:// ani https://.</translation>
    </message>
    <message>
        <source>The API URL {value} uses plain http:// to another computer: the API key would travel unencrypted. Use https:// (http:// is for 127.0.0.1 and localhost only).</source>
        <translation>Adresa API {value} používá nešifrované http:// k jinému počítači: klíč API by šel sítí nezašifrovaný. Použijte https:// (http:// je jen pro 127.0.0.1 a localhost).</translation>
    </message>
    <message>
        <source>The SRT ingest address {value} is not of the form srt://host:port.</source>
        <translation>Adresa SRT ingestu {value} nemá tvar srt://hostitel:port.</translation>
    </message>
    <message>
        <source>The player link {value} does not contain {field}.</source>
        <translation>Odkaz přehrávače {value} neobsahuje {field}.</translation>
    </message>
    <message>
        <source>The player link {value} is not an http:// or https:// address.</source>
        <translation>Odkaz přehrávače {value} není adresa http:// ani https://.</translation>
    </message>
    <message>
        <source>The OBS port {value} is not between 1 and 65535.</source>
        <translation>Port OBS {value} není v rozsahu 1 až 65535.</translation>
    </message>
    <message>
        <source>The OBS host {value} is not a host name or address.</source>
        <translation>Hostitel OBS {value} není název hostitele ani adresa.</translation>
    </message>
    <message>
        <source>The language {value} is not one of {choices}.</source>
        <translation>Jazyk {value} není žádný z {choices}.</translation>
    </message>
    <message>
        <source>The settings file {path} could not be opened ({reason}), so the default settings are in use.</source>
        <translation>Soubor nastavení {path} nelze otevřít ({reason}), proto se používá výchozí nastavení.</translation>
    </message>
    <message>
        <source>the value of {name} has the wrong type</source>
        <translation>hodnota {name} má nesprávný typ</translation>
    </message>
    <message>
        <source>The default is in use instead.</source>
        <translation>Místo ní se používá výchozí hodnota.</translation>
    </message>
    <message>
        <source>Correct it and save again.</source>
        <extracomment>Secret values seen in this run, for scrubbing error reports.</extracomment>
        <translation>Opravte ji a uložte znovu.</translation>
    </message>
    <message>
        <source>The settings file {path} could not be read and was kept as it is.</source>
        <translation>Soubor nastavení {path} nelze přečíst, a proto byl ponechán beze změny.</translation>
    </message>
    <message>
        <source>Move or repair it, then save again.</source>
        <translation>Přesuňte ho nebo opravte a pak uložte znovu.</translation>
    </message>
    <message>
        <source>The settings could not be saved to {path} ({reason}).</source>
        <translation>Nastavení se nepodařilo uložit do {path} ({reason}).</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you can write to it.</source>
        <translation>Zkontrolujte, že složka existuje a že do ní můžete zapisovat.</translation>
    </message>
    <message>
        <source>The settings file {path} {why} and could not be set aside ({reason}), so the default settings are in use.</source>
        <translation>Soubor nastavení {path} {why} a nepodařilo se ho odložit ({reason}), proto se používá výchozí nastavení.</translation>
    </message>
    <message>
        <source>The settings file {why}, so it was set aside as {path} and the default settings are in use.</source>
        <translation>Soubor nastavení {why}, proto byl odložen jako {path} a používá se výchozí nastavení.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Nastavení</translation>
    </message>
    <message>
        <source>&amp;Comprimato</source>
        <translation>&amp;Comprimato</translation>
    </message>
    <message>
        <source>&amp;OBS Studio</source>
        <translation>&amp;OBS Studio</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Uložit</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Jazyk systému</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Jazyk:</translation>
    </message>
    <message>
        <source>(used from the next start)</source>
        <translation>(platí od příštího spuštění)</translation>
    </message>
    <message>
        <source>You are trying the local sandbox. Enter your API key here to switch to your Comprimato account; the addresses below belong to that account.</source>
        <translation>Zkoušíte místní sandbox. Zadejte zde svůj klíč API a přepněte na svůj účet Comprimato; adresy níže patří k tomuto účtu.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>klíč API</translation>
    </message>
    <message>
        <source>Saved in the keyring; type a new key to replace it</source>
        <translation>Uloženo v klíčence; napište nový klíč, pokud ho chcete nahradit</translation>
    </message>
    <message>
        <source>Paste your Comprimato API key</source>
        <translation>Vložte svůj klíč API Comprimato</translation>
    </message>
    <message>
        <source>Keep secrets in a &amp;file when no keyring works</source>
        <translation>Když klíčenka nefunguje, uchovat tajné údaje v &amp;souboru</translation>
    </message>
    <message>
        <source>Use &amp;Default Addresses</source>
        <translation>Použít &amp;výchozí adresy</translation>
    </message>
    <message>
        <source>Puts the default API, ingest and player addresses back</source>
        <translation>Vrátí výchozí adresy API, příjmu a přehrávače</translation>
    </message>
    <message>
        <source>&amp;Find OBS on this computer</source>
        <translation>&amp;Najít OBS na tomto počítači</translation>
    </message>
    <message>
        <source>Connect to this &amp;address</source>
        <translation>Připojit se k této &amp;adrese</translation>
    </message>
    <message>
        <source>OBS host</source>
        <translation>Hostitel OBS</translation>
    </message>
    <message>
        <source>OBS WebSocket port</source>
        <translation>Port WebSocket serveru OBS</translation>
    </message>
    <message>
        <source>OBS WebSocket password</source>
        <translation>Heslo WebSocket serveru OBS</translation>
    </message>
    <message>
        <source>Saved; type to replace it</source>
        <translation>Uloženo; napište nové, pokud ho chcete nahradit</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>Bez hesla</translation>
    </message>
    <message>
        <source>OBS connect address</source>
        <translation>Adresa pro připojení k OBS</translation>
    </message>
    <message>
        <source>Paste an obsws:// address to fill in host, port and password</source>
        <translation>Vložte adresu obsws:// a vyplní se hostitel, port a heslo</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Hostitel:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Heslo:</translation>
    </message>
    <message>
        <source>Or &amp;paste:</source>
        <translation>Nebo &amp;vložte:</translation>
    </message>
    <message>
        <source>OBS shows this address as a QR code under Tools → WebSocket Server Settings → Show Connect Info.</source>
        <translation>OBS tuto adresu ukazuje jako QR kód v Nástroje → Nastavení serveru WebSocket → Zobrazit informace o připojení.</translation>
    </message>
    <message>
        <source>Send a new stream to OBS a&amp;utomatically</source>
        <translation>Nový stream do OBS poslat &amp;automaticky</translation>
    </message>
    <message>
        <source>&amp;Start streaming in OBS when sending</source>
        <translation>Při odeslání v OBS rovnou &amp;spustit vysílání</translation>
    </message>
    <message>
        <source>Use a &amp;dedicated OBS profile</source>
        <translation>Použít &amp;vlastní profil OBS</translation>
    </message>
    <message>
        <source>Keeps your own OBS profile exactly as it is. A new profile starts with OBS&apos;s default output settings (encoder, bitrate): check them in OBS under Settings → Output.</source>
        <translation>Váš vlastní profil OBS zůstane přesně takový, jaký je. Nový profil začíná s výchozím nastavením výstupu OBS (enkodér, datový tok): zkontrolujte je v OBS v Nastavení → Výstup.</translation>
    </message>
    <message>
        <source>That is not an OBS connect address; it looks like obsws://192.168.1.20:4455/password.</source>
        <translation>To není adresa pro připojení k OBS; vypadá jako obsws://192.168.1.20:4455/heslo.</translation>
    </message>
    <message>
        <source>Without a system keyring, the API key and OBS password are otherwise kept only until you quit. The file is plain text: anyone who can read your files or backups can read it.</source>
        <translation>Bez systémové klíčenky se klíč API a heslo k OBS jinak uchovávají jen do ukončení programu. Soubor je prostý text: kdo může číst vaše soubory nebo zálohy, může si ho přečíst.</translation>
    </message>
    <message>
        <source>Comprimato does not document the SRT ingest address or the player link; the values here are assumptions. Change them if your account uses other addresses.</source>
        <translation>Comprimato nedokumentuje adresu SRT ingestu ani odkaz přehrávače; hodnoty zde jsou předpoklady. Změňte je, pokud váš účet používá jiné adresy.</translation>
    </message>
    <message>
        <source>Enter the API address, for example {example}.</source>
        <translation>Zadejte adresu API, například {example}.</translation>
    </message>
    <message>
        <source>Enter the API address as https://host/path, for example {example}.</source>
        <translation>Zadejte adresu API ve tvaru https://hostitel/cesta, například {example}.</translation>
    </message>
    <message>
        <source>Enter the SRT ingest address, for example {example}.</source>
        <translation>Zadejte adresu SRT ingestu, například {example}.</translation>
    </message>
    <message>
        <source>Enter the SRT ingest address as srt://host:port, for example {example}.</source>
        <translation>Zadejte adresu SRT ingestu ve tvaru srt://hostitel:port, například {example}.</translation>
    </message>
    <message>
        <source>Add the port after the host, for example {example}.</source>
        <translation>Doplňte port za hostitele, například {example}.</translation>
    </message>
    <message>
        <source>Leave out the streamid: the streamer key is added for each stream.</source>
        <translation>Vynechte streamid: klíč pro vysílání se doplní pro každý stream.</translation>
    </message>
    <message>
        <source>Enter the player link template, for example {example}.</source>
        <translation>Zadejte šablonu odkazu přehrávače, například {example}.</translation>
    </message>
    <message>
        <source>Enter the player link as an https:// address, for example {example}.</source>
        <translation>Zadejte odkaz přehrávače jako adresu https://, například {example}.</translation>
    </message>
    <message>
        <source>Put {player_key} where the player key goes, for example {example}.</source>
        <translation>Vložte {player_key} tam, kam patří klíč přehrávače, například {example}.</translation>
    </message>
    <message>
        <source>Enter the computer OBS runs on, for example localhost or 192.168.1.20.</source>
        <translation>Zadejte počítač, na kterém běží OBS, například localhost nebo 192.168.1.20.</translation>
    </message>
    <message>
        <source>Enter only the host here; paste a whole obsws:// address in the field below.</source>
        <translation>Sem zadejte jen hostitele; celou adresu obsws:// vložte do pole níže.</translation>
    </message>
    <message>
        <source>Enter a host name or an IP address, without spaces or slashes.</source>
        <translation>Zadejte název hostitele nebo IP adresu, bez mezer a lomítek.</translation>
    </message>
    <message>
        <source>The port is a number from 1 to 65535 (OBS uses 4455 unless changed).</source>
        <translation>Port je číslo od 1 do 65535 (OBS používá 4455, pokud ho nezměníte).</translation>
    </message>
    <message>
        <source>The port after the host must be a number from 1 to 65535.</source>
        <translation>Port za hostitelem musí být číslo od 1 do 65535.</translation>
    </message>
    <message>
        <source>Share the sandbox&apos;s player with phones on this &amp;network</source>
        <translation>Sdílet přehrávač sandboxu s telefony v této &amp;síti</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API &amp;klíč:</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>Adresa API</translation>
    </message>
    <message>
        <source>API &amp;address:</source>
        <translation>&amp;Adresa API:</translation>
    </message>
    <message>
        <source>SRT ingest address</source>
        <translation>Adresa SRT ingestu</translation>
    </message>
    <message>
        <source>SRT &amp;ingest:</source>
        <translation>SRT &amp;ingest:</translation>
    </message>
    <message>
        <source>Player link template</source>
        <translation>Šablona odkazu přehrávače</translation>
    </message>
    <message>
        <source>{player_key} is replaced with each stream&apos;s player key.</source>
        <translation>{player_key} se nahradí klíčem přehrávače každého streamu.</translation>
    </message>
    <message>
        <source>&amp;Player link:</source>
        <translation>Odkaz &amp;přehrávače:</translation>
    </message>
    <message>
        <source>OBS password</source>
        <translation>heslo k OBS</translation>
    </message>
    <message>
        <source>Filled in {host}, port {port} and the password.</source>
        <translation>Vyplněno: {host}, port {port} a heslo.</translation>
    </message>
    <message>
        <source>Filled in {host}, port {port}, no password.</source>
        <translation>Vyplněno: {host}, port {port}, bez hesla.</translation>
    </message>
    <message>
        <source>Something here needs fixing</source>
        <translation>Tady je potřeba něco opravit</translation>
    </message>
    <message>
        <source>Serves the player pages and their video, read-only, on this computer&apos;s network address, and puts that address in the QR code. The API stays on this computer.</source>
        <translation>Zpřístupní stránky přehrávače a jejich video, jen pro čtení, na síťové adrese tohoto počítače a vloží tuto adresu do QR kódu. API zůstává v tomto počítači.</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Stopped</source>
        <extracomment>How each OBS output state reads, and its tone.</extracomment>
        <translation>Zastaven</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Spouštím…</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Posílá</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Znovu se připojuje…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Zastavuji…</translation>
    </message>
    <message>
        <source>Failed to start</source>
        <translation>Nepodařilo se spustit</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Připojeno</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Připojuji…</translation>
    </message>
    <message>
        <source>Waiting for OBS…</source>
        <translation>Čekám na OBS…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nepřipojeno</translation>
    </message>
    <message>
        <source>Live status</source>
        <translation>Stav vysílání</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>ŽIVĚ</translation>
    </message>
    <message>
        <source>Live: OBS is sending and Comprimato is receiving</source>
        <translation>Živě: OBS posílá a Comprimato přijímá</translation>
    </message>
    <message>
        <source>OBS output</source>
        <translation>Výstup OBS</translation>
    </message>
    <message>
        <source>Comprimato</source>
        <translation>Comprimato</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Doba vysílání</translation>
    </message>
    <message>
        <source>Bitrate</source>
        <translation>Datový tok</translation>
    </message>
    <message>
        <source>Dropped frames</source>
        <translation>Vynechané snímky</translation>
    </message>
    <message>
        <source>Congestion</source>
        <translation>Zahlcení</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>Diváci</translation>
    </message>
    <message>
        <source>Bitrate over the last minutes</source>
        <translation>Datový tok za poslední minuty</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Bez odpovědi</translation>
    </message>
    <message>
        <source>OBS is sending and Comprimato is receiving</source>
        <translation>OBS posílá a Comprimato přijímá</translation>
    </message>
    <message>
        <source>OBS is sending; Comprimato&apos;s status cannot be read</source>
        <translation>OBS vysílá; stav v Comprimatu nelze přečíst</translation>
    </message>
    <message>
        <source>OBS is sending; waiting for Comprimato to see the stream</source>
        <translation>OBS posílá; čekám, až Comprimato stream uvidí</translation>
    </message>
    <message>
        <source>Not live</source>
        <translation>Nevysílá se</translation>
    </message>
    <message>
        <source>Can watch</source>
        <translation>Lze sledovat</translation>
    </message>
    <message>
        <source>Fresh video at the live edge; the delay is how old it is.</source>
        <translation>Čerstvé video na živém okraji; zpoždění udává, jak je staré.</translation>
    </message>
    <message>
        <source>Cannot watch yet</source>
        <translation>Zatím nelze sledovat</translation>
    </message>
    <message>
        <source>OBS is live with {name}, not with this stream.</source>
        <translation>OBS vysílá {name}, ne tento stream.</translation>
    </message>
    <message>
        <source>OBS is live with {what}, not with a stream of this program.</source>
        <translation>OBS vysílá {what}, ne stream tohoto programu.</translation>
    </message>
    <message>
        <source>Switch to {name}</source>
        <translation>Přepnout na {name}</translation>
    </message>
    <message>
        <source>Can watch · {seconds} s behind</source>
        <translation>Lze sledovat · zpoždění {seconds} s</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Bez vysílání</translation>
    </message>
    <message>
        <source>{whole}.{tenths} %</source>
        <translation>{whole},{tenths} %</translation>
    </message>
    <message>
        <source>Busy with another stream</source>
        <translation>Zaneprázdněno jiným streamem</translation>
    </message>
    <message>
        <source>OBS is live with another stream</source>
        <translation>OBS vysílá jiný stream</translation>
    </message>
</context>
<context>
    <name>StoredFile</name>
    <message>
        <source>Another {app} process has kept {path} busy for too long.</source>
        <extracomment>How long to wait for another process to finish its write before giving up.</extracomment>
        <translation>Jiný proces aplikace {app} drží soubor {path} příliš dlouho.</translation>
    </message>
    <message>
        <source>Close other {app} windows or commands and try again.</source>
        <translation>Zavřete ostatní okna nebo příkazy aplikace {app} a zkuste to znovu.</translation>
    </message>
    <message>
        <source>was written by a newer version of {app}</source>
        <extracomment>Files larger than this are not ours: they are set aside rather than parsed into memory.</extracomment>
        <translation>byl zapsán novější verzí aplikace {app}</translation>
    </message>
    <message>
        <source>could not be read ({detail})</source>
        <translation>nešel přečíst ({detail})</translation>
    </message>
    <message>
        <source>far too large to be a file of this program</source>
        <translation>je na soubor tohoto programu příliš velký</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>není platný JSON</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>není objekt JSON</translation>
    </message>
    <message>
        <source>it has no version number</source>
        <translation>nemá číslo verze</translation>
    </message>
    <message>
        <source>it was written by a newer version (format {format})</source>
        <translation>byl zapsán novější verzí (formát {format})</translation>
    </message>
    <message>
        <source>it has an unknown version number ({version})</source>
        <translation>má neznámé číslo verze ({version})</translation>
    </message>
</context>
<context>
    <name>StreamListPanel</name>
    <message>
        <source>Your streams</source>
        <extracomment>Source rows shown, in order; None while every row is shown (no filter).</extracomment>
        <translation>Vaše streamy</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Obnovit</translation>
    </message>
    <message>
        <source>Refresh the stream list</source>
        <translation>Obnovit seznam streamů</translation>
    </message>
    <message>
        <source>Filter by name or id</source>
        <translation>Filtrovat podle názvu nebo id</translation>
    </message>
    <message>
        <source>Filter streams</source>
        <translation>Filtrovat streamy</translation>
    </message>
    <message>
        <source>No streams yet. Create your first stream.</source>
        <translation>Zatím žádné streamy. Vytvořte svůj první stream.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Přejmenovat</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Smazat…</translation>
    </message>
    <message>
        <source>Delete the selected stream</source>
        <translation>Smazat vybraný stream</translation>
    </message>
    <message>
        <source>No stream matches the filter.</source>
        <translation>Filtru neodpovídá žádný stream.</translation>
    </message>
    <message>
        <source>Stream {id}</source>
        <extracomment>The stream id of a row (``Qt.UserRole``). Name, id and player key in lower case, prepared once per row for the filter. The secondary line: status and creation date. Whether Comprimato reported the stream running. Above this many rows the filter&apos;s search strings are made as soon as the list shows.</extracomment>
        <translation>Stream {id}</translation>
    </message>
    <message>
        <source>d MMM yyyy HH:mm</source>
        <translation>d. M. yyyy H:mm</translation>
    </message>
    <message>
        <source>Id: {id}</source>
        <translation>ID: {id}</translation>
    </message>
    <message>
        <source>Reload your streams from Comprimato (F5)</source>
        <translation>Znovu načíst streamy z Comprimata (F5)</translation>
    </message>
    <message>
        <source>Rename the selected stream on this computer (F2)</source>
        <translation>Přejmenovat vybraný stream v tomto počítači (F2)</translation>
    </message>
    <message>
        <source>Delete the selected stream on Comprimato (Delete)</source>
        <translation>Smazat vybraný stream v Comprimatu (Delete)</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} z {total}</translation>
    </message>
</context>
<context>
    <name>StreamStatus</name>
    <message>
        <source>No answer</source>
        <translation>Bez odpovědi</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Běží</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Zastaven</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Neznámý</translation>
    </message>
</context>
<context>
    <name>StreamStore</name>
    <message>
        <source>The stream list {path} could not be used ({reason}).</source>
        <extracomment>The format this program writes; a file with a higher major version is set aside. Keys a remote stream may carry its creation time under (the API does not document one). A file modified less than this long ago may yet be rewritten within the same timestamp tick: the cache then compares its bytes too. What identifies one version of the file: inode, size, mtime and ctime (ns).</extracomment>
        <translation>Seznam streamů {path} nelze použít ({reason}).</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you can write to it.</source>
        <translation>Zkontrolujte, že složka existuje a že do ní můžete zapisovat.</translation>
    </message>
    <message>
        <source>The stream list could not be saved to {path} ({reason}).</source>
        <translation>Seznam streamů se nepodařilo uložit do {path} ({reason}).</translation>
    </message>
    <message>
        <source>Check that the disk is not full and that you can write to the folder.</source>
        <translation>Zkontrolujte, že disk není plný a že do složky můžete zapisovat.</translation>
    </message>
    <message>
        <source>its list of streams has the wrong type</source>
        <translation>jeho seznam streamů má nesprávný typ</translation>
    </message>
    <message>
        <source>The stream list {path} {why} and could not be set aside ({reason}).</source>
        <translation>Seznam streamů {path} {why} a nepodařilo se ho odložit ({reason}).</translation>
    </message>
    <message>
        <source>Move or repair the file, then try again.</source>
        <translation>Přesuňte nebo opravte soubor a zkuste to znovu.</translation>
    </message>
    <message>
        <source>The stream list {why}, so it was set aside as {path} and a new list was started.</source>
        <translation>Seznam streamů {why}, proto byl odložen jako {path} a byl založen nový seznam.</translation>
    </message>
    <message>
        <source>{count} saved stream(s) in {path} could not be read; they are kept in the file as they are.</source>
        <translation>Počet uložených streamů v {path}, které nešlo přečíst: {count}; zůstávají v souboru beze změny.</translation>
    </message>
</context>
<context>
    <name>StreamView</name>
    <message>
        <source>Copy</source>
        <translation>Kopírovat</translation>
    </message>
    <message>
        <source>Copy the player link</source>
        <translation>Kopírovat odkaz přehrávače</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otevřít</translation>
    </message>
    <message>
        <source>Open the player link in the browser</source>
        <translation>Otevřít odkaz přehrávače v prohlížeči</translation>
    </message>
    <message>
        <source>Open the player link in your browser</source>
        <translation>Otevřít odkaz přehrávače ve vašem prohlížeči</translation>
    </message>
    <message>
        <source>Copy the player key</source>
        <translation>Kopírovat klíč přehrávače</translation>
    </message>
    <message>
        <source>Whoever has it can watch</source>
        <translation>Kdo ho má, může sledovat</translation>
    </message>
    <message>
        <source>Secret: whoever holds the streamer key can broadcast on this stream.</source>
        <translation>Tajné: kdo má klíč pro vysílání, může na tento stream vysílat.</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Ukázat</translation>
    </message>
    <message>
        <source>Reveal the streamer key</source>
        <translation>Ukázat klíč pro vysílání</translation>
    </message>
    <message>
        <source>Show the streamer key and SRT address</source>
        <translation>Zobrazit klíč pro vysílání a adresu SRT</translation>
    </message>
    <message>
        <source>Copy the streamer key</source>
        <translation>Kopírovat klíč pro vysílání</translation>
    </message>
    <message>
        <source>Secret: whoever holds it can broadcast</source>
        <translation>Tajné: kdo ho má, může vysílat</translation>
    </message>
    <message>
        <source>For vMix, ffmpeg or hardware encoders. Secret: it contains the streamer key.</source>
        <translation>Pro vMix, ffmpeg nebo hardwarové enkodéry. Tajné: obsahuje klíč pro vysílání.</translation>
    </message>
    <message>
        <source>Copy the SRT address</source>
        <translation>Kopírovat adresu SRT</translation>
    </message>
    <message>
        <source>For vMix, ffmpeg or hardware encoders</source>
        <translation>Pro vMix, ffmpeg nebo hardwarové enkodéry</translation>
    </message>
    <message>
        <source>SHARE WITH VIEWERS</source>
        <translation>SDÍLEJTE S DIVÁKY</translation>
    </message>
    <message>
        <source>FOR OBS OR ANOTHER ENCODER · KEEP SECRET</source>
        <translation>PRO OBS NEBO JINÝ ENKODÉR · UCHOVEJTE V TAJNOSTI</translation>
    </message>
    <message>
        <source>Player link</source>
        <translation>Odkaz přehrávače</translation>
    </message>
    <message>
        <source>Player key</source>
        <translation>Klíč přehrávače</translation>
    </message>
    <message>
        <source>Streamer key</source>
        <translation>Klíč pro vysílání</translation>
    </message>
    <message>
        <source>SRT address</source>
        <translation>Adresa SRT</translation>
    </message>
    <message>
        <source>Copy the QR code image</source>
        <translation>Kopírovat obrázek QR kódu</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Save the QR code as PNG</source>
        <translation>Uložit QR kód jako PNG</translation>
    </message>
    <message>
        <source>Save as PNG image</source>
        <translation>Uložit jako obrázek PNG</translation>
    </message>
    <message>
        <source>SVG…</source>
        <translation>SVG…</translation>
    </message>
    <message>
        <source>Save the QR code as SVG</source>
        <translation>Uložit QR kód jako SVG</translation>
    </message>
    <message>
        <source>Save as SVG (vector, for print)</source>
        <translation>Uložit jako SVG (vektor, pro tisk)</translation>
    </message>
    <message>
        <source>Show large</source>
        <translation>Zobrazit velký</translation>
    </message>
    <message>
        <source>Show the QR code large</source>
        <translation>Zobrazit QR kód velký</translation>
    </message>
    <message>
        <source>Show the QR code in its own window, to scan from across the room</source>
        <translation>Zobrazit QR kód ve vlastním okně, aby se dal naskenovat přes celou místnost</translation>
    </message>
    <message>
        <source>Scan to watch on a phone</source>
        <translation>Naskenujte a sledujte na telefonu</translation>
    </message>
    <message>
        <source>Restore my previous OBS settings</source>
        <translation>Vrátit mé předchozí nastavení OBS</translation>
    </message>
    <message>
        <source>Give OBS back the stream settings it had before</source>
        <translation>Vrátit OBS nastavení streamu, které mělo dříve</translation>
    </message>
    <message>
        <source>Earlier settings…</source>
        <translation>Dřívější nastavení…</translation>
    </message>
    <message>
        <source>Choose earlier OBS settings</source>
        <translation>Vybrat dřívější nastavení OBS</translation>
    </message>
    <message>
        <source>Every stream setting of yours that was saved: choose which comes back</source>
        <translation>Všechna vaše uložená nastavení streamu: vyberte, které se vrátí</translation>
    </message>
    <message>
        <source>Sent to OBS ✓</source>
        <translation>Posláno do OBS ✓</translation>
    </message>
    <message>
        <source>Send to OBS</source>
        <translation>Poslat do OBS</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Spouštím…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Zastavuji…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Zastavit</translation>
    </message>
    <message>
        <source>Go live</source>
        <translation>Vysílat</translation>
    </message>
    <message>
        <source>Stop streaming</source>
        <translation>Zastavit vysílání</translation>
    </message>
    <message>
        <source>OBS is live with {what}: switch to it, or stop it first</source>
        <translation>OBS vysílá {what}: přepněte na něj, nebo ho nejprve zastavte</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Skrýt</translation>
    </message>
    <message>
        <source>Hide the streamer key</source>
        <translation>Skrýt klíč pro vysílání</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>Zkopírováno ✓</translation>
    </message>
    <message>
        <source>QR code image copied.</source>
        <translation>Obrázek QR kódu zkopírován.</translation>
    </message>
    <message>
        <source>No browser could be opened for the player link.</source>
        <translation>Pro odkaz přehrávače se nepodařilo otevřít žádný prohlížeč.</translation>
    </message>
    <message>
        <source>Copy the link and paste it into your browser.</source>
        <translation>Zkopírujte odkaz a vložte ho do prohlížeče.</translation>
    </message>
    <message>
        <source>SRT address for other encoders</source>
        <translation>Adresa SRT pro jiné enkodéry</translation>
    </message>
    <message>
        <source>Send this stream to OBS</source>
        <translation>Poslat tento stream do OBS</translation>
    </message>
    <message>
        <source>Put the SRT address and key into OBS</source>
        <translation>Vložit adresu SRT a klíč do OBS</translation>
    </message>
    <message>
        <source>Start or stop streaming in OBS (Ctrl+L)</source>
        <translation>Spustit nebo zastavit vysílání v OBS (Ctrl+L)</translation>
    </message>
    <message>
        <source>Player link copied.</source>
        <translation>Odkaz přehrávače zkopírován.</translation>
    </message>
    <message>
        <source>Player key copied; it lets anyone watch.</source>
        <translation>Klíč přehrávače zkopírován; umožní sledovat komukoli.</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Kopírovat odkaz</translation>
    </message>
    <message>
        <source>whoever holds it can broadcast on this stream, so share it with no one.</source>
        <extracomment>Side of the QR code in the stream view, quiet zone included (logical pixels). What the user is told whenever a secret lands on the clipboard.</extracomment>
        <translation>kdo ho má, může do tohoto streamu vysílat, proto ho s nikým nesdílejte.</translation>
    </message>
    <message>
        <source>Streamer key copied: {warning}</source>
        <translation>Klíč pro vysílání zkopírován: {warning}</translation>
    </message>
    <message>
        <source>SRT address copied: {warning}</source>
        <translation>Adresa SRT zkopírována: {warning}</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Otevírám…</translation>
    </message>
    <message>
        <source>Save QR Code as {kind}</source>
        <translation>Uložit QR kód jako {kind}</translation>
    </message>
    <message>
        <source>{kind} image (*.{suffix})</source>
        <translation>Obrázek {kind} (*.{suffix})</translation>
    </message>
    <message>
        <source>QR code saved to {path}.</source>
        <translation>QR kód uložen do {path}.</translation>
    </message>
</context>
<context>
    <name>ViewState</name>
    <message>
        <source>OBS was switched to profile &apos;{profile}&apos; while streaming, before this program could read where it sends.</source>
        <extracomment>Where a notice is shown: next to the create button, the stream&apos;s actions, the list, or at the top of the window (start-up, storage, keyring). Busy flags, one per action that can take a while. The action that fixes a notice; the window turns each into a button. Certificate problems this computer&apos;s clock or the server&apos;s owner must fix, not Settings.</extracomment>
        <translation>OBS bylo během vysílání přepnuto na profil &apos;{profile}&apos; dřív, než tento program zjistil, kam vysílá.</translation>
    </message>
    <message>
        <source>Stop streaming first: what OBS sends is unknown until then.</source>
        <translation>Nejprve zastavte vysílání: do té doby není známo, co OBS vysílá.</translation>
    </message>
    <message>
        <source>OBS was switched to profile &apos;{profile}&apos; while streaming: it still sends {what} (profile &apos;{started}&apos;), while &apos;{profile}&apos; holds {other}.</source>
        <translation>OBS bylo během vysílání přepnuto na profil &apos;{profile}&apos;: stále vysílá {what} (profil &apos;{started}&apos;), zatímco &apos;{profile}&apos; obsahuje {other}.</translation>
    </message>
    <message>
        <source>Stop streaming first, or switch OBS back to profile &apos;{started}&apos;.</source>
        <translation>Nejprve zastavte vysílání, nebo přepněte OBS zpět na profil &apos;{started}&apos;.</translation>
    </message>
    <message>
        <source>OBS {version} was not seen reconnecting an SRT stream after a network drop (OBS 29 and newer do so by themselves); update OBS if your connection is unsteady.</source>
        <translation>U OBS {version} nebylo vidět, že by po výpadku sítě znovu navázalo SRT stream (OBS 29 a novější to dělají samo); pokud máte nestabilní připojení, aktualizujte OBS.</translation>
    </message>
    <message>
        <source>other settings</source>
        <translation>s jiným nastavením</translation>
    </message>
</context>
<context>
    <name>ViewerCheck</name>
    <message>
        <source>No new video at the live edge.</source>
        <extracomment>Reads the check for the watched stream; ``None`` when it cannot be known.</extracomment>
        <translation>Na živém okraji není žádné nové video.</translation>
    </message>
    <message>
        <source>No new video for {seconds} s: viewers see a frozen picture.</source>
        <translation>Už {seconds} s žádné nové video: diváci vidí zamrzlý obraz.</translation>
    </message>
    <message>
        <source>The stream ended: viewers see it offline.</source>
        <translation>Stream skončil: diváci ho vidí jako offline.</translation>
    </message>
    <message>
        <source>No video yet: the first seconds are on their way (OBS must send a keyframe).</source>
        <translation>Zatím žádné video: první sekundy jsou na cestě (OBS musí poslat klíčový snímek).</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Paste your API key</source>
        <translation>Vložte svůj klíč API</translation>
    </message>
    <message>
        <source>Comprimato API key</source>
        <translation>Klíč API Comprimato</translation>
    </message>
    <message>
        <source>Comprimato &amp;API key:</source>
        <translation>&amp;Klíč API Comprimato:</translation>
    </message>
    <message>
        <source>Kept in your system&apos;s keyring, never shown in logs.</source>
        <translation>Uložen v systémové klíčence, nikdy se neobjeví v záznamech.</translation>
    </message>
    <message>
        <source>OBS Studio:</source>
        <translation>OBS Studio:</translation>
    </message>
    <message>
        <source>Try It with the &amp;Sandbox</source>
        <translation>Vyzkoušet v &amp;sandboxu</translation>
    </message>
    <message>
        <source>Use a local test server instead of a Comprimato account</source>
        <translation>Použít místní testovací server místo účtu Comprimato</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Pokračovat</translation>
    </message>
    <message>
        <source>Save the API key and start</source>
        <translation>Uložit klíč API a začít</translation>
    </message>
    <message>
        <source>Looking for OBS Studio…</source>
        <translation>Hledám OBS Studio…</translation>
    </message>
    <message>
        <source>Show the {what}</source>
        <translation>Zobrazit {what}</translation>
    </message>
    <message>
        <source>Hide the {what}</source>
        <translation>Skrýt {what}</translation>
    </message>
    <message>
        <source>Welcome to {name}</source>
        <translation>Vítá vás {name}</translation>
    </message>
    <message>
        <source>{name} logo</source>
        <translation>Logo {name}</translation>
    </message>
    <message>
        <source>Create a live stream, send it to OBS Studio and share the player link, in one click.</source>
        <translation>Vytvořte živý stream, pošlete ho do OBS Studia a sdílejte odkaz přehrávače – jedním kliknutím.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>klíč API</translation>
    </message>
    <message>
        <source>No account yet? The sandbox runs a small Comprimato on this computer so you can try everything, OBS included, before you sign up.</source>
        <translation>Ještě nemáte účet? Sandbox spustí malé Comprimato přímo v tomto počítači, takže si můžete vše vyzkoušet, včetně OBS, ještě před registrací.</translation>
    </message>
</context>
</TS>
