# Customer-managed key cmdlets (Get-/New-/Remove-AuraCustomerManagedKey) and their completer, against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession
    $script:prodTenant = '5b7d3c9e-1f2a-4b6c-8d0e-3a4b5c6d7e8f'
    $script:devTenant = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b'
    $script:seedKey = '6f1e2d3c-4b5a-4978-8e6f-5a4b3c2d1e0f'
    $script:awsKms = 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'

    function Get-StateKeys { @((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').customer_managed_keys | ForEach-Object { $_ }) }
    function New-TestKey([string] $Name = 'pester-key', [switch] $Wait) {
        New-AuraCustomerManagedKey -Name $Name -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -Wait:$Wait -TimeoutSec 20
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'Get-AuraCustomerManagedKey' {
    BeforeAll { Reset-Emulator }

    It 'lists the keys with every field: one list request, then one GET per key' {
        Clear-AuraEmulatorRequestLog $emu
        $keys = @(Get-AuraCustomerManagedKey)
        $keys.Count | Should -Be 1
        $key = $keys[0]
        $key.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraCustomerManagedKey'
        $key.Id | Should -Be $seedKey
        $key.Name | Should -Be 'acme-prod-orders'
        $key.Status | Should -Be 'ready'
        $key.TenantId | Should -Be $prodTenant
        $key.CloudProvider | Should -Be 'gcp'
        $key.Region | Should -Be 'europe-west1'
        $key.InstanceType | Should -Be 'enterprise-db'
        $key.KmsKeyId | Should -Be 'projects/acme-prod/locations/europe-west1/keyRings/aura/cryptoKeys/prod-orders'
        $key.Created | Should -BeOfType [DateTimeOffset]
        $log = Get-ApiLog
        $log.path | Should -Be @('/v1/customer-managed-keys', "/v1/customer-managed-keys/$seedKey")
        $log.method | Sort-Object -Unique | Should -Be 'GET'
    }

    It 'gets keys by id (alias -Id, pipeline by property name) and filters by tenant id or name' {
        (Get-AuraCustomerManagedKey -CustomerManagedKeyId $seedKey).Name | Should -Be 'acme-prod-orders'
        (Get-AuraCustomerManagedKey -Id $seedKey).Status | Should -Be 'ready'
        ([pscustomobject]@{ Id = $seedKey } | Get-AuraCustomerManagedKey).KmsKeyId | Should -Match 'cryptoKeys/prod-orders$'
        @(Get-AuraCustomerManagedKey -TenantId $devTenant).Count | Should -Be 0
        (Get-AuraCustomerManagedKey -TenantId 'Acme Production').Id | Should -Be $seedKey
    }

    It 'lists the keys of tenants piped in (a tenant''s Id is not taken for a key id); strings are key ids' {
        Clear-AuraEmulatorRequestLog $emu
        (Get-AuraTenant -TenantId $prodTenant | Get-AuraCustomerManagedKey).Id | Should -Be $seedKey
        @(Get-AuraTenant -Summary | Where-Object Id -eq $devTenant | Get-AuraCustomerManagedKey).Count | Should -Be 0
        @(Get-ApiLog | Where-Object path -eq '/v1/customer-managed-keys').query | Should -Be @("?tenantId=$prodTenant", "?tenantId=$devTenant")
        @(Get-ApiLog | Where-Object { $_.path -like '/v1/customer-managed-keys/*' -and $_.path -ne "/v1/customer-managed-keys/$seedKey" }) |
            Should -BeNullOrEmpty -Because 'no tenant id is looked up as a key'
        ($seedKey | Get-AuraCustomerManagedKey).Name | Should -Be 'acme-prod-orders'
    }

    It 'reports an unknown id as AuraCustomerManagedKeyNotFound (ObjectNotFound, the id as target, the request id) and goes on' {
        Clear-AuraEmulatorRequestLog $emu
        $missing = '00000000-0000-4000-8000-000000000000'
        $out = Get-AuraCustomerManagedKey -CustomerManagedKeyId $missing, $seedKey -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be $seedKey
        $errs.Count | Should -Be 1
        ErrorIdOf $errs[0] | Should -Be 'AuraCustomerManagedKeyNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
        $errs[0].Exception.Message | Should -Match 'encryption-key-not-found'
        $answer = Get-ApiLog | Where-Object { $_.path -eq "/v1/customer-managed-keys/$missing" }
        @($answer).Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($answer.request_id))
    }
}

Describe 'New-AuraCustomerManagedKey' {
    BeforeEach { Reset-Emulator }

    It 'registers the key with one POST and returns it pending, with what was sent' {
        Clear-AuraEmulatorRequestLog $emu
        $key = New-TestKey -Name 'pester-pending'
        $key.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraCustomerManagedKey'
        $key.Status | Should -Be 'pending'
        $key.Name | Should -Be 'pester-pending'
        $key.KmsKeyId | Should -Be $awsKms
        $key.InstanceType | Should -Be 'enterprise-db'
        (Get-Changes).path | Should -Be '/v1/customer-managed-keys'
        $stored = Get-StateKeys | Where-Object id -eq $key.Id
        $stored.key_id | Should -Be $awsKms
        $stored.cloud_provider | Should -Be 'aws'
        $stored.region | Should -Be 'us-east-1'
        $stored.tenant_id | Should -Be $prodTenant
        $stored.instance_type | Should -Be 'enterprise-db'
    }

    It '-Wait polls until the key is ready, sending the POST once' {
        Clear-AuraEmulatorRequestLog $emu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $key = New-TestKey -Name 'pester-ready' -Wait
        $watch.Stop()
        $key.Status | Should -Be 'ready'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9   # the emulator's pending time is 1 s
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        @(Get-Changes).Count | Should -Be 1
        @(Get-ApiLog | Where-Object { $_.method -eq 'GET' -and $_.path -eq "/v1/customer-managed-keys/$($key.Id)" }).Count | Should -BeGreaterOrEqual 1
    }

    It '-WhatIf sends nothing and -Confirm:$false registers without a prompt' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraCustomerManagedKey -Name 'pester-whatif' -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -WhatIf |
            Should -BeNullOrEmpty
        Get-ApiLog | Should -BeNullOrEmpty
        $key = New-AuraCustomerManagedKey -Name 'pester-confirm' -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -Confirm:$false
        $key.Name | Should -Be 'pester-confirm'
        @(Get-Changes).Count | Should -Be 1
    }

    It 'refuses a name over 30 characters, a provider or type outside the API''s sets, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        New-AuraCustomerManagedKey -Name ('k' * 31) -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraInvalidArgument'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be ('k' * 31)
        { New-AuraCustomerManagedKey -Name 'k' -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider ibm -Region us-east-1 -InstanceType enterprise-db } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { New-AuraCustomerManagedKey -Name 'k' -KmsKeyId $awsKms -TenantId $prodTenant -CloudProvider aws -Region us-east-1 -InstanceType professional-db } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'reports the API''s refusal of an unknown tenant with its field and reason, POST sent once' {
        Clear-AuraEmulatorRequestLog $emu
        $unknown = '11111111-2222-4333-8444-555555555555'
        New-AuraCustomerManagedKey -Name 'k' -KmsKeyId $awsKms -TenantId $unknown -CloudProvider aws -Region us-east-1 -InstanceType enterprise-db -ErrorVariable errs -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraBadRequest'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be 'k'
        $errs[0].Exception.Message | Should -Match 'tenant_id'
        $errs[0].Exception.Message | Should -Match 'tenant-not-found'
        @(Get-Changes).Count | Should -Be 1
    }
}

Describe 'Remove-AuraCustomerManagedKey' {
    BeforeEach { Reset-Emulator }

    It 'is a High-impact command with -Force' {
        $attribute = (Get-Command Remove-AuraCustomerManagedKey).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
        (Get-Command Remove-AuraCustomerManagedKey).Parameters.Keys | Should -Contain 'Force'
    }

    It '-WhatIf sends no DELETE, also with -Force' {
        $key = New-TestKey -Name 'pester-keep' -Wait
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id -WhatIf | Should -BeNullOrEmpty
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id -WhatIf -Force | Should -BeNullOrEmpty
        Get-Changes | Should -BeNullOrEmpty
        (Get-StateKeys).id | Should -Contain $key.Id
    }

    It '-Force removes the key with one DELETE (204), outputs nothing, and the key is gone' {
        $key = New-TestKey -Name 'pester-remove' -Wait
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id -Force | Should -BeNullOrEmpty
        $deletes = @(Get-Changes)
        $deletes.Count | Should -Be 1
        $deletes[0].method | Should -Be 'DELETE'
        $deletes[0].status | Should -Be 204
        (Get-StateKeys).id | Should -Not -Contain $key.Id
        Get-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraCustomerManagedKeyNotFound'
    }

    It '-Confirm:$false removes piped keys, each once' {
        $one = New-TestKey -Name 'pester-one' -Wait
        $two = New-TestKey -Name 'pester-two' -Wait
        Clear-AuraEmulatorRequestLog $emu
        $one, $two | Remove-AuraCustomerManagedKey -Confirm:$false
        $deletes = @(Get-Changes)
        $deletes.path | Sort-Object | Should -Be (@("/v1/customer-managed-keys/$($one.Id)", "/v1/customer-managed-keys/$($two.Id)") | Sort-Object)
        (Get-StateKeys).id | Should -Be $seedKey
    }

    It 'refuses to remove the key in use with AuraCustomerManagedKeyInUse naming prod-orders, DELETE sent once' {
        Clear-AuraEmulatorRequestLog $emu
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $seedKey -Force -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        ErrorIdOf $errs[0] | Should -Be 'AuraCustomerManagedKeyInUse'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -Be $seedKey
        $errs[0].Exception.Message | Should -Match 'prod-orders \(a1b2c3d4\)'
        $errs[0].Exception.Message | Should -Not -Match 'prod-catalog|prod-analytics'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match $seedKey
        $deletes = @(Get-Changes)
        $deletes.Count | Should -Be 1
        $deletes[0].status | Should -Be 400
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($deletes[0].request_id))
        (Get-StateKeys).id | Should -Contain $seedKey
    }

    It 'reports an unknown key as AuraCustomerManagedKeyNotFound without sending a DELETE' {
        Clear-AuraEmulatorRequestLog $emu
        $missing = '00000000-0000-4000-8000-000000000001'
        Remove-AuraCustomerManagedKey -CustomerManagedKeyId $missing -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        ErrorIdOf $errs[0] | Should -Be 'AuraCustomerManagedKeyNotFound'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
        Get-Changes | Should -BeNullOrEmpty
    }
}

Describe 'Key completers and view' {
    BeforeAll { Reset-Emulator }

    It 'completes key ids by id or name from the session''s cache, without a request; New-AuraInstance offers only ready keys' {
        $pending = New-TestKey -Name 'pester-cached-key'   # cached as pending
        $null = Get-AuraCustomerManagedKey -CustomerManagedKeyId $seedKey
        Clear-AuraEmulatorRequestLog $emu
        $byId = Complete 'Remove-AuraCustomerManagedKey -CustomerManagedKeyId 6f1e'
        $byId.CompletionText | Should -Be $seedKey
        $byId[0].ListItemText | Should -Be "$seedKey (acme-prod-orders)"
        (Complete "Get-AuraCustomerManagedKey -Id 'acme").CompletionText | Should -Be $seedKey
        (Complete 'Remove-AuraCustomerManagedKey -CustomerManagedKeyId pester-cach').CompletionText | Should -Be $pending.Id
        $forInstance = (Complete 'New-AuraInstance -CustomerManagedKeyId ').CompletionText
        $forInstance | Should -Contain $seedKey
        $forInstance | Should -Not -Contain $pending.Id
        Get-ApiLog | Should -BeNullOrEmpty
    }

    It 'shows keys in a table that fits 120 columns without cutting a 30-character name' {
        $name = 'acme-production-orders-key-30c'
        $name.Length | Should -Be 30
        $key = New-TestKey -Name $name -Wait
        $text = (Get-AuraCustomerManagedKey -CustomerManagedKeyId $key.Id | Out-String -Width 120) -replace '\e\[[0-9;]*m', ''
        $lines = $text -split '\r?\n' | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Name\s+Id\s+Status\s+Cloud\s+Region\s+InstanceType\s*$'
        $row = $lines | Where-Object { $_ -like "$name *" }
        $row | Should -Match ([regex]::Escape("$name $($key.Id) ready    aws   us-east-1       enterprise-db"))
        $text | Should -Not -Match '…'
        ($lines | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}
