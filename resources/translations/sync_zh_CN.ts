<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="98" />
        <source>Sync details and conflicts</source>
        <translation>同步详情与冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="104" />
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="111" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="104" />
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="107" />
        <source>Keep which?</source>
        <translation>保留哪个</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="108" />
        <source>Person here</source>
        <translation>本村人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="108" />
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="109" />
        <source>Also registered in</source>
        <translation>也登记在</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="110" />
        <source>Name there</source>
        <translation>对方登记的姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="110" />
        <source>Checked?</source>
        <translation>核实结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="111" />
        <source>Changed fields</source>
        <translation>修改的项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="112" />
        <source>Why the server refused it</source>
        <translation>退回原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="123" />
        <source>The same ID number is registered in two villages. Check with the other village: if it is the same person, remove the record in one village; if not, correct the ID number.</source>
        <translation>同一个身份证号在两个村都登记了。请与对方村核实：是同一个人，就在其中一个村删除；不是同一个人，请改正身份证号。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="128" />
        <source>The server did not accept these changes (all other changes went through). Open the record, correct it and save: it is sent again with the next sync.</source>
        <translation>县服务器没有接受这些修改（其他修改都已上传）。请打开该记录改正后保存，下次同步时会重新上传。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="132" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="138" />
        <source>Sync settings…</source>
        <translation>同步设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="142" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="193" />
        <source>Conflicts ({n})</source>
        <translation>冲突（{n}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="194" />
        <source>Duplicate ID numbers ({n})</source>
        <translation>身份证重复（{n}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="195" />
        <source>Refused changes ({n})</source>
        <translation>被退回的修改（{n}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="105" />
        <source>Value not adopted</source>
        <translation>未采用的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="106" />
        <source>Value in use</source>
        <translation>现在采用的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="117" />
        <source>Two computers changed the same item. The value that reached the county server first is in use; the other is kept here. Each row says whose value is whose. Choose which to keep: your choice is sent with the next sync.</source>
        <translation>两台电脑改了同一项：先到县服务器的值已采用，另一个值保留在这里，每一行都写明了哪个值是谁的。请选择保留哪一个，您的选择会在下次同步时上传。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="204" />
        <source>Back to this laptop's</source>
        <translation>改回本机的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="205" />
        <source>Keep the server's</source>
        <translation>保留服务器上的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="207" />
        <source>Use the other computer's</source>
        <translation>改用其他电脑的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="208" />
        <source>Keep the current value</source>
        <translation>保留现在的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="228" />
        <source>Same person, sorted out</source>
        <translation>是同一人，已处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="229" />
        <source>Not the same person</source>
        <translation>不是同一人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="232" />
        <source>The two villages agreed and one of them removed its record</source>
        <translation>两个村已核实，其中一个村已删除这条记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="262" />
        <source>Saving the choice failed; the ledger was not changed.</source>
        <translation>保存选择失败，台账没有改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="287" />
        <source>Could not read the sync details.</source>
        <translation>读取同步详情失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="292" />
        <source>Not logged in to the county server: use Sync settings to log in.</source>
        <translation>尚未登录县服务器：请点“同步设置”登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="294" />
        <source>Account {user}</source>
        <translation>账号 {user}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/conflicts_view.py" line="298" />
        <source>{n} changes waiting to be sent</source>
        <translation>待上传 {n} 条修改</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="33" />
        <source>Sync settings</source>
        <translation>同步设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="36" />
        <source>Enter the server address and account given to you by the county labour bureau. Once logged in, this laptop syncs by itself whenever it is online; without a connection you keep working as usual.</source>
        <translation>请填写县人社局给您的服务器地址和账号。登录后，电脑联网时会自动同步；没有网络也能照常录入。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="42" />
        <source>e.g. http://192.168.1.10:8765</source>
        <translation>例如 http://192.168.1.10:8765</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="47" />
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="48" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="54" />
        <source>The county CA certificate file (.pem / .crt) the county gave you, if the server address starts with https://</source>
        <translation>服务器地址以 https:// 开头时，选择县里发的证书文件（.pem 或 .crt）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="61" />
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="62" />
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="63" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="64" />
        <source>Certificate file:</source>
        <translation>证书文件：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="72" />
        <source>Test connection and log in</source>
        <translation>测试连接并登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="75" />
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="82" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="113" />
        <source>village account</source>
        <translation>村级账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="113" />
        <source>township account</source>
        <translation>乡镇账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="114" />
        <source>county account</source>
        <translation>县级账号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="117" />
        <source>Logged in.</source>
        <translation>登录成功。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="117" />
        <source>Currently logged in.</source>
        <translation>当前已登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="118" />
        <source>{head} Account {user} ({role}), region: {region}</source>
        <translation>{head}账号 {user}（{role}），所属区域：{region}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="121" />
        <source>This account can view ledgers but cannot change them.</source>
        <translation>这个账号只能查看台账，不能修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="130" />
        <source>Choose the county CA certificate</source>
        <translation>选择县里的证书文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="131" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="143" />
        <source>Connecting to the county server…</source>
        <translation>正在连接县服务器…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="165" />
        <source>This ledger holds demo data (invented people), so it cannot log in to the county server: the invented people would be uploaded. Choose File → Clear demo data… first, then log in here.</source>
        <translation>这是演示台账（人员都是虚构的），不能登录县服务器，否则虚构的人员会被上传。请先在“文件 → 清除演示数据…”里清除演示数据，再在这里登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="171" />
        <source>Wrong username or password. Check them and try again; if you forgot the password, ask the county administrator to reset it.</source>
        <translation>用户名或密码错误。请核对后重新输入；忘记密码请找县人社局管理员重置。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="174" />
        <source>Cannot connect to {url}. Check that the address is typed correctly, that this laptop is online, and (for https) that the certificate file is the county's.</source>
        <translation>连不上 {url}。请检查：地址是否写对，电脑是否联网；地址是 https 的，证书文件是否是县里发的。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="181" />
        <source>The program hit an error while logging in. Please send the log file to the county IT staff.</source>
        <translation>登录时程序出错。请把日志文件发给县里的技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/settings_dialog.py" line="188" />
        <source>Logged out. The ledger and unsent changes stay on this laptop; log in again to continue syncing.</source>
        <translation>已退出登录。台账和未上传的修改都还在本机，重新登录后继续同步。</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="110" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="111" />
        <source>Send this laptop's changes to the county server and fetch everyone else's now</source>
        <translation>现在就把本机的修改上传到县服务器，并下载其他人的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="253" />
        <source>After syncing, the record counts here and on the server differ; sync again, and if it persists tell the county.</source>
        <translation>同步后本机和服务器的记录数不一致，请再同步一次；仍不一致请告诉县里。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="307" />
        <source>The program hit an error while syncing; your data is safe on this laptop. If this keeps happening, send the log file to the county IT staff.</source>
        <translation>同步时程序出错，数据都安全地保存在本机。如果一直出现，请把日志文件发给县里的技术人员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="350" />
        <source>A township account can view its villages' ledgers but cannot change them.</source>
        <translation>乡镇账号只能查看各村台账，不能修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="352" />
        <source>A county account can view the county's ledgers but cannot change them.</source>
        <translation>县级账号只能查看全县台账，不能修改</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="177" />
        <source>Sync not set up · click here to log in to the county server</source>
        <translation>尚未设置同步 · 点这里登录县服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="179" />
        <source>Logged out · click here to log in to the county server</source>
        <translation>已退出登录 · 点这里登录县服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="183" />
        <source>Syncing… sent {pushed}, received {pulled}</source>
        <translation>正在同步…已上传 {pushed} 条，已下载 {pulled} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="186" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="188" />
        <source>Login expired: click here to log in again</source>
        <translation>登录已失效：点这里重新登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="190" />
        <source>Cannot reach the county server; data is saved on this laptop and will sync automatically when online</source>
        <translation>无法连接县服务器，数据已保存在本机，联网后会自动同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="195" />
        <source>Up to date</source>
        <translation>已全部同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="197" />
        <source>{n} changes kept on this laptop only (this account cannot send changes)</source>
        <translation>{n} 条修改只留在本机（此账号不能上传修改）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="200" />
        <source>{n} changes to send</source>
        <translation>待上传 {n} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="202" />
        <source>{n} changes refused, click to see why</source>
        <translation>{n} 条修改被退回，点这里看原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="204" />
        <source>{n} conflicts to review</source>
        <translation>{n} 处冲突待处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="206" />
        <source>{n} ID numbers also registered elsewhere</source>
        <translation>{n} 个身份证号在外村也有登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="208" />
        <source>View only</source>
        <translation>只能查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="25" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="29" />
        <source>today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="31" />
        <source>yesterday {time}</source>
        <translation>昨天 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="33" />
        <source>{month}/{day} {time}</source>
        <translation>{month}月{day}日 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="36" />
        <source>{year}/{month}/{day} {time}</source>
        <translation>{year}年{month}月{day}日 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="38" />
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="218" />
        <source>Account: {user}</source>
        <translation>账号：{user}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="223" />
        <source>Changes waiting to be sent: {n}</source>
        <translation>待上传的修改：{n} 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/status_widget.py" line="225" />
        <source>Click for details</source>
        <translation>点击查看详情</translation>
    </message>
</context>
<context>
    <name>SyncUi</name>
    <message>
        <location filename="../../desktop/ui/sync/__init__.py" line="37" />
        <source>Sync settings…</source>
        <translation>同步设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/__init__.py" line="39" />
        <source>Sync details and conflicts…</source>
        <translation>同步详情与冲突…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/__init__.py" line="51" />
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
</context>
</TS>