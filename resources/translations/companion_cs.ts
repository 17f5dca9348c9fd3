<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cs_CZ">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/window/about_dialog.py" line="36" />
        <source>About {name}</source>
        <translation>O aplikaci {name}</translation>
    </message>
    <message>
        <location filename="../../app/window/about_dialog.py" line="47" />
        <source>Proprietary software of Comprimato; all rights reserved. It includes the open-source components listed below, each under its own licence.</source>
        <translation>Proprietární software společnosti Comprimato; všechna práva vyhrazena. Obsahuje níže uvedené komponenty s otevřeným zdrojovým kódem, každou pod její vlastní licencí.</translation>
    </message>
    <message>
        <location filename="../../app/window/about_dialog.py" line="52" />
        <source>Log files: {folder}</source>
        <translation>Soubory záznamu: {folder}</translation>
    </message>
    <message>
        <location filename="../../app/window/about_dialog.py" line="55" />
        <source>Third-party notices</source>
        <translation>Licence komponent třetích stran</translation>
    </message>
</context>
<context>
    <name>LiveTray</name>
    <message>
        <location filename="../../app/window/tray.py" line="60" />
        <source>&amp;Go Live</source>
        <translation>&amp;Vysílat</translation>
    </message>
    <message>
        <location filename="../../app/window/tray.py" line="61" />
        <source>&amp;Stop Streaming</source>
        <translation>&amp;Zastavit vysílání</translation>
    </message>
    <message>
        <location filename="../../app/window/tray.py" line="63" />
        <source>&amp;Copy Player Link</source>
        <translation>&amp;Kopírovat odkaz přehrávače</translation>
    </message>
    <message>
        <location filename="../../app/window/tray.py" line="67" />
        <source>S&amp;how {name}</source>
        <translation>&amp;Zobrazit {name}</translation>
    </message>
    <message>
        <location filename="../../app/window/tray.py" line="69" />
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/window/main_window.py" line="171" />
        <location filename="../../app/window/main_window.py" line="174" />
        <location filename="../../app/window/main_window.py" line="254" />
        <location filename="../../app/window/main_window.py" line="559" />
        <location filename="../../app/window/main_window.py" line="664" />
        <source>Create stream</source>
        <extracomment>Narrower windows show the QR code under the stream's fields, not beside them. The tabs of the settings dialog, for opening it where a problem is fixed. The open settings or API key dialog, while one is open (tests drive them). The saved geometry is applied once, when the session has read the settings.</extracomment>
        <translation>Vytvořit stream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="196" />
        <source>Settings</source>
        <translation>Nastavení</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="244" />
        <location filename="../../app/window/main_window.py" line="256" />
        <location filename="../../app/window/main_window.py" line="654" />
        <source>Create your first stream</source>
        <translation>Vytvořte svůj první stream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="259" />
        <location filename="../../app/window/main_window.py" line="260" />
        <source>Try it with the sandbox</source>
        <translation>Vyzkoušet v sandboxu</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="300" />
        <source>&amp;File</source>
        <translation>&amp;Soubor</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="301" />
        <source>&amp;Stream</source>
        <translation>S&amp;tream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="302" />
        <source>&amp;Help</source>
        <translation>&amp;Nápověda</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="326" />
        <source>&amp;Create stream</source>
        <translation>&amp;Vytvořit stream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="327" />
        <source>&amp;Go live / Stop</source>
        <translation>V&amp;ysílat / zastavit</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="328" />
        <source>&amp;Send to OBS</source>
        <translation>&amp;Poslat do OBS</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="330" />
        <source>Copy &amp;player link</source>
        <translation>Kopírovat o&amp;dkaz přehrávače</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="333" />
        <source>&amp;Restore my previous OBS settings</source>
        <translation>Vrátit mé př&amp;edchozí nastavení OBS</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="336" />
        <source>Start &amp;OBS</source>
        <translation>Spustit &amp;OBS</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="339" />
        <source>Start OBS Studio, with its WebSocket server turned on, and connect to it</source>
        <translation>Spustit OBS Studio se zapnutým serverem WebSocket a připojit se k němu</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="341" />
        <source>&amp;Refresh streams</source>
        <translation>O&amp;bnovit streamy</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="343" />
        <source>&amp;Find stream</source>
        <translation>&amp;Najít stream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="346" />
        <source>S&amp;ettings…</source>
        <translation>&amp;Nastavení…</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="351" />
        <source>&amp;Quit</source>
        <translation>&amp;Ukončit</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="369" />
        <source>Open &amp;log folder</source>
        <translation>Otevřít složku se &amp;záznamy</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="372" />
        <source>&amp;About {name}</source>
        <translation>&amp;O aplikaci {name}</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="656" />
        <source>Pick or create a stream</source>
        <translation>Vyberte nebo vytvořte stream</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="676" />
        <source>Looking for OBS Studio…</source>
        <translation>Hledám OBS Studio…</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="706" />
        <location filename="../../app/window/main_window.py" line="1127" />
        <source>You are live</source>
        <translation>Vysíláte</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="707" />
        <source>Comprimato is receiving your stream. {link}</source>
        <translation>Comprimato přijímá váš stream. {link}</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="711" />
        <source>Stream reconnecting</source>
        <translation>Stream se znovu připojuje</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="712" />
        <source>OBS lost the connection and is reconnecting.</source>
        <translation>OBS ztratilo spojení a znovu se připojuje.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="715" />
        <source>Stream reconnected</source>
        <translation>Stream je znovu připojen</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="715" />
        <source>OBS is sending again.</source>
        <translation>OBS znovu posílá.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="728" />
        <source>Stream dropped</source>
        <translation>Stream vypadl</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="729" />
        <source>Comprimato no longer receives your stream.</source>
        <translation>Comprimato už váš stream nepřijímá.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="734" />
        <source>OBS is gone</source>
        <translation>OBS zmizelo</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="735" />
        <source>The connection to OBS was lost; it is retried automatically.</source>
        <translation>Spojení s OBS se ztratilo; zkouší se automaticky znovu.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="947" />
        <source>Stop streaming?</source>
        <translation>Zastavit vysílání?</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="948" />
        <source>Stop the broadcast now?</source>
        <translation>Zastavit vysílání hned teď?</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="950" />
        <source>&amp;Stop streaming</source>
        <translation>&amp;Zastavit vysílání</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="952" />
        <source>OBS stops sending, and viewers of the player link lose the picture.</source>
        <translation>OBS přestane posílat a diváci odkazu přehrávače přijdou o obraz.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1128" />
        <source>Keep streaming after the window closes?</source>
        <translation>Vysílat dál i po zavření okna?</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1133" />
        <source>Keep streaming hides the window to the tray icon; OBS goes on sending. Stop and quit ends the broadcast.</source>
        <translation>Vysílat dál skryje okno do ikony v oznamovací oblasti; OBS dál posílá. Zastavit a ukončit vysílání ukončí.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1138" />
        <source>Keep streaming minimises the window to the taskbar; OBS goes on sending. Stop and quit ends the broadcast.</source>
        <translation>Vysílat dál minimalizuje okno na panel úloh; OBS dál posílá. Zastavit a ukončit vysílání ukončí.</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1142" />
        <source>&amp;Keep streaming</source>
        <translation>&amp;Vysílat dál</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1143" />
        <source>&amp;Stop and quit</source>
        <translation>&amp;Zastavit a ukončit</translation>
    </message>
    <message>
        <location filename="../../app/window/main_window.py" line="1152" />
        <source>Still streaming. Use the tray icon to come back.</source>
        <translation>Vysílání pokračuje. K oknu se vrátíte ikonou v oznamovací oblasti.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../app/window/notices.py" line="35" />
        <source>Enter API key…</source>
        <extracomment>The button text of each fix (English; shown through ``fix_label``, translated).</extracomment>
        <translation>Zadat klíč API…</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="36" />
        <location filename="../../app/window/notices.py" line="41" />
        <source>Try again</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="37" />
        <source>OBS settings…</source>
        <translation>Nastavení OBS…</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="38" />
        <source>Start OBS</source>
        <translation>Spustit OBS</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="39" />
        <source>Settings…</source>
        <translation>Nastavení…</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="40" />
        <source>Retry</source>
        <translation>Zkusit znovu</translation>
    </message>
    <message>
        <location filename="../../app/window/notices.py" line="42" />
        <source>Save to keyring</source>
        <translation>Uložit do klíčenky</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/window/settings_dialog.py" line="242" />
        <source>System language</source>
        <translation>Jazyk systému</translation>
    </message>
    <message>
        <location filename="../../app/window/settings_dialog.py" line="246" />
        <source>&amp;Language:</source>
        <translation>&amp;Jazyk:</translation>
    </message>
    <message>
        <location filename="../../app/window/settings_dialog.py" line="251" />
        <source>(used from the next start)</source>
        <translation>(platí od příštího spuštění)</translation>
    </message>
</context>
<context>
    <name>StreamListPanel</name>
    <message>
        <location filename="../../app/window/stream_list.py" line="289" />
        <location filename="../../app/window/stream_list.py" line="314" />
        <source>Your streams</source>
        <extracomment>The stream id of a row (``Qt.UserRole``). Name, id and player key in lower case, prepared once per row for the filter. The secondary line: status and creation date. Whether Comprimato reported the stream running. Above this many rows the filter's search strings are made as soon as the list shows. Source rows shown, in order; None while every row is shown (no filter).</extracomment>
        <translation>Vaše streamy</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="293" />
        <source>Refresh</source>
        <translation>Obnovit</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="295" />
        <source>Refresh the stream list</source>
        <translation>Obnovit seznam streamů</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="304" />
        <source>Filter by name or id</source>
        <translation>Filtrovat podle názvu nebo id</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="306" />
        <source>Filter streams</source>
        <translation>Filtrovat streamy</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="319" />
        <location filename="../../app/window/stream_list.py" line="424" />
        <source>No streams yet. Create your first stream.</source>
        <translation>Zatím žádné streamy. Vytvořte svůj první stream.</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="323" />
        <source>Rename</source>
        <translation>Přejmenovat</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="326" />
        <source>Delete…</source>
        <translation>Smazat…</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="328" />
        <source>Delete the selected stream</source>
        <translation>Smazat vybraný stream</translation>
    </message>
    <message>
        <location filename="../../app/window/stream_list.py" line="421" />
        <source>No stream matches the filter.</source>
        <translation>Filtru neodpovídá žádný stream.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="113" />
        <source>Paste your API key</source>
        <translation>Vložte svůj klíč API</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="114" />
        <source>Comprimato API key</source>
        <translation>Klíč API Comprimato</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="117" />
        <source>Comprimato &amp;API key:</source>
        <translation>&amp;Klíč API Comprimato:</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="119" />
        <source>Kept in your system's keyring, never shown in logs.</source>
        <translation>Uložen v systémové klíčence, nikdy se neobjeví v záznamech.</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="130" />
        <source>OBS Studio:</source>
        <translation>OBS Studio:</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="156" />
        <source>Try It with the &amp;Sandbox</source>
        <translation>Vyzkoušet v &amp;sandboxu</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="158" />
        <source>Use a local test server instead of a Comprimato account</source>
        <translation>Použít místní testovací server místo účtu Comprimato</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="162" />
        <source>&amp;Continue</source>
        <translation>&amp;Pokračovat</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="164" />
        <source>Save the API key and start</source>
        <translation>Uložit klíč API a začít</translation>
    </message>
    <message>
        <location filename="../../app/window/welcome_dialog.py" line="191" />
        <source>Looking for OBS Studio…</source>
        <translation>Hledám OBS Studio…</translation>
    </message>
</context>
</TS>